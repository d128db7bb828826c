import 'reflect-metadata';
import { UsersService } from '@neurograph/server-auth';
import { ConfigError, loadConfig, tuneRuntime } from '@neurograph/server-config';
import { databaseKind } from '@neurograph/server-persistence';
import { PLAIN_WS_PATH, REALTIME_PATH } from '@neurograph/server-realtime';
import { createApp } from './app/create-app.js';
import { hasDashboard } from './app/dashboard.js';
import { DOCS_PATH } from './app/openapi.js';

async function main(): Promise<void> {
  tuneRuntime();
  const config = loadConfig();
  const app = await createApp(config);
  await app.init();
  const admin = await app.get(UsersService).ensureFirstAdmin();
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const base = `http://localhost:${port}`;
  const lines = [
    '',
    ...(hasDashboard(config.dashboardDir) ? [`NeuroGraph dashboard on ${base}/`] : []),
    `NeuroGraph API on ${base}/api/v1  (database: ${databaseKind(config) === 'postgres' ? 'PostgreSQL' : `embedded PGlite in ${config.dataDir}`})`,
    `  docs     ${base}/${DOCS_PATH}`,
    `  openapi  ${base}/api/v1/openapi.json`,
    `  live     ${base.replace('http', 'ws')}${REALTIME_PATH} (socket.io) and ${base.replace('http', 'ws')}${PLAIN_WS_PATH} (plain WebSocket)`,
  ];
  if (admin?.generatedPassword) {
    lines.push('', `First admin created: username "${admin.username}", password "${admin.generatedPassword}"`, '  (shown once; stored only as a hash — change it with POST /api/v1/auth/change-password)');
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : (error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
