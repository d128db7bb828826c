import { type DynamicModule, Global, type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import type { ServerConfig } from '@neurograph/server-config';
import { LoggerModule } from 'nestjs-pino';
import { HealthController } from './health.controller.js';
import { HttpMetricsMiddleware } from './http-metrics.middleware.js';
import { loggerParams } from './logging.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';
import { Readiness } from './readiness.js';

/** Logs (pino with request ids), Prometheus metrics (`GET metrics`) and the health probes of a server process. */
@Global()
@Module({})
export class ObservabilityModule implements NestModule {
  static forRoot(config: ServerConfig): DynamicModule {
    return {
      module: ObservabilityModule,
      imports: [LoggerModule.forRoot(loggerParams(config)), TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController, MetricsController],
      providers: [MetricsService, Readiness],
      exports: [MetricsService, Readiness],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
