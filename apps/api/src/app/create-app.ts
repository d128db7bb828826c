import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ServerConfig } from '@neurograph/server-config';
import { createHttpApp } from '@neurograph/server-http';
import { Logs, observeHttp, PinoNestLogger } from '@neurograph/server-observability';
import { mountRealtime } from '@neurograph/server-realtime';
import { AppModule } from './app.module.js';
import { mountDashboard } from './dashboard.js';
import { mountOpenApi } from './openapi.js';

export const API_PREFIX = 'api/v1';

/** The api application, configured exactly as it serves: used by `main.ts` and by the integration tests. */
export async function createApp(config: ServerConfig): Promise<NestFastifyApplication> {
  const logs = new Logs(config);
  const app = await createHttpApp(AppModule.forRoot(config), { bodyLimitBytes: config.bodyLimitBytes, largeBodyLimitBytes: config.batchBodyLimitBytes, corsOrigins: config.corsOrigins, logger: logs.root });
  app.useLogger(new PinoNestLogger(logs));
  observeHttp(app, logs);
  app.setGlobalPrefix(API_PREFIX);
  mountOpenApi(app);
  mountRealtime(app, config);
  mountDashboard(app, config.dashboardDir);
  return app;
}
