import { Controller, Get, Header } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@neurograph/server-http';
import { MetricsService } from './metrics.service.js';

/** The process's Prometheus metrics, on every server app (api and gateway alike). */
@ApiTags('system')
@Controller()
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get('metrics')
  @RequirePermission('metrics:read')
  @ApiBearerAuth()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics' })
  prometheus() {
    return this.metrics.text();
  }
}
