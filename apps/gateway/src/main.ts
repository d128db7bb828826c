import 'reflect-metadata';
import { ConfigError, loadConfig, tuneRuntime } from '@neurograph/server-config';
import { createHttpApp } from '@neurograph/server-http';
import { Logs, observeHttp, PinoNestLogger, Readiness } from '@neurograph/server-observability';
import { mountRealtime, PLAIN_WS_PATH, REALTIME_PATH } from '@neurograph/server-realtime';
import { DataSource } from 'typeorm';
import { GatewayModule } from './gateway.module.js';

async function main(): Promise<void> {
  tuneRuntime();
  // The api owns the schema: replicas never race it to migrate.
  const config = { ...loadConfig(), migrateOnStart: false };
  if (!config.redisUrl) process.stderr.write('Warning: without REDIS_URL this gateway sees no engine events; the api serves /realtime itself in one-process mode.\n');
  const logs = new Logs(config);
  const app = await createHttpApp(GatewayModule.forRoot(config), { bodyLimitBytes: config.bodyLimitBytes, largeBodyLimitBytes: config.bodyLimitBytes, corsOrigins: config.corsOrigins, logger: logs.root });
  app.useLogger(new PinoNestLogger(logs));
  observeHttp(app, logs);
  app.setGlobalPrefix('api/v1');
  mountRealtime(app, config);
  await app.init();
  const readiness = app.get(Readiness);
  const dataSource = app.get(DataSource);
  readiness.register('database', async () => void (await dataSource.query('select 1')));
  await app.listen(config.port, config.host);
  readiness.markStarted();
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  process.stdout.write(`NeuroGraph gateway on ws://localhost:${port}${REALTIME_PATH} (socket.io) and ws://localhost:${port}${PLAIN_WS_PATH}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : ((error as Error).stack ?? String(error))}\n`);
  process.exit(1);
});
