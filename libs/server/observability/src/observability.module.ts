import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import type { ServerConfig } from '@neurograph/server-config';
import { HealthController } from './health.controller.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';
import { Readiness } from './readiness.js';
import { startTracing } from './tracing.js';

const STOP_TRACING = Symbol('STOP_TRACING');

/**
 * Prometheus metrics (`GET metrics`), the health probes and, when `OTEL_EXPORTER_OTLP_ENDPOINT`
 * is set, OpenTelemetry traces of a server process. Logs and request timing are wired into the
 * HTTP server by `createLogger` and `observeHttp`.
 */
@Global()
@Module({})
export class ObservabilityModule implements OnApplicationShutdown {
  constructor(@Inject(STOP_TRACING) private readonly stopTracing: (() => Promise<void>) | undefined) {}

  /** `serviceName` names the process's spans unless `OTEL_SERVICE_NAME` does. */
  static forRoot(config: ServerConfig, serviceName: string): DynamicModule {
    return {
      module: ObservabilityModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController, MetricsController],
      providers: [MetricsService, Readiness, { provide: STOP_TRACING, useFactory: () => startTracing(config.tracing, serviceName) }],
      exports: [MetricsService, Readiness],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stopTracing?.();
  }
}
