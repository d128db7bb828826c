import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CORE_VERSION } from '@neurograph/core';
import { AuditService } from '@neurograph/server-auth';
import { EngineHost } from '@neurograph/server-engine';
import { ApiError, pageOf, RequirePermission, Returns } from '@neurograph/server-http';
import { PageQuery } from '../dto/common.dto.js';

const startedAt = new Date();

@ApiTags('system')
@Controller()
export class SystemController {
  constructor(
    private readonly host: EngineHost,
    private readonly audit: AuditService,
  ) {}

  @Get('status')
  @Returns('SystemStatus')
  @RequirePermission('status:read')
  @ApiOperation({ summary: 'Engine, modules and versions at a glance' })
  status() {
    const engine = this.host.engine;
    return {
      status: 'ok',
      versions: { core: CORE_VERSION, node: process.version },
      startedAt: startedAt.toISOString(),
      uptimeS: Math.round(process.uptime()),
      engine: {
        spaces: engine.listSpaces().length,
        tokens: engine.listSpaces().reduce((n, s) => n + s.size, 0),
        writeBacklog: this.host.learning.backlog,
        writeLagMs: this.host.learning.lagMs(),
      },
      modules: engine.modules.list().map((m) => ({ id: m.descriptor.id, enabled: m.state.enabled, status: m.state.status })),
    };
  }

  @Get('audit')
  @Returns('AuditPage')
  @RequirePermission('audit:read')
  @ApiBearerAuth()
  async auditLog(@Query() query: PageQuery) {
    const before = query.cursor === undefined ? undefined : new Date(query.cursor);
    if (before && Number.isNaN(before.getTime())) throw ApiError.validation('cursor', 'format', 'is not a cursor this server issued');
    const rows = await this.audit.list(query.limit + 1, before);
    return pageOf(rows, query.limit, (r) => ({ ...r, at: r.at.toISOString() }), (entry) => entry.at);
  }
}
