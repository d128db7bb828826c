import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { ApiError, Public, Returns } from '@neurograph/server-http';
import { Readiness } from './readiness.js';

/** Kubernetes probes: public, cheap, and free of secrets. */
@ApiTags('system')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly readiness: Readiness,
  ) {}

  @Get('live')
  @Returns('Health')
  @Public()
  @ApiOperation({ summary: 'The process is running (touches no dependency)' })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @Returns('Health')
  @Public()
  @ApiOperation({ summary: 'Every dependency answers: database, Redis when configured, the engine' })
  async ready() {
    if (!this.readiness.hasStarted) throw new ApiError(503, 'NOT_READY', 'Start-up is not finished');
    const results = await this.readiness.check();
    const checks = results.map(({ name, error }) => () => {
      const session = this.indicators.check(name);
      return error === undefined ? session.up() : session.down({ message: error });
    });
    try {
      return await this.health.check(checks);
    } catch (error) {
      const details = (error as { response?: { error?: Record<string, { message?: string }> } }).response?.error ?? {};
      const issues = Object.entries(details).map(([field, d]) => ({ field, rule: 'up', message: d.message ?? 'is down' }));
      throw new ApiError(503, 'NOT_READY', `Not ready: ${issues.map((i) => i.field).join(', ') || 'a dependency is down'}`, issues, 1000);
    }
  }

  @Get('startup')
  @Returns('Health')
  @Public()
  @ApiOperation({ summary: 'Migrations have run and every space is rebuilt' })
  startup() {
    if (!this.readiness.hasStarted) throw new ApiError(503, 'STARTING', 'Start-up is not finished');
    return { status: 'ok' };
  }
}
