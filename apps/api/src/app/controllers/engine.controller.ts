import { Body, Controller, Get, Header, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type RequestPrincipal } from '@neurograph/server-auth';
import { CdnaService, ModulesService } from '@neurograph/server-engine';
import { RequestId, RequirePermission, Returns } from '@neurograph/server-http';
import { CdnaPatchDto, CdnaUpdateDto, HistoryQuery, ImportDto, ModuleConfigDto, ModuleParams, ProfileParams, QuarantineDto, QuarantineStopDto, SetEnabledDto, VersionParams } from '../dto/engine.dto.js';

@ApiTags('modules')
@ApiBearerAuth()
@Controller('modules')
export class ModulesController {
  constructor(private readonly modules: ModulesService) {}

  @Get()
  @Returns('ModuleList')
  @RequirePermission('modules:read')
  @Header('content-type', 'application/json; charset=utf-8')
  list(): string {
    return this.modules.listJson();
  }

  @Get(':id')
  @Returns('ModuleInfo')
  @RequirePermission('modules:read')
  get(@Param() params: ModuleParams) {
    return this.modules.get(params.id);
  }

  @Put(':id/enabled')
  @Returns('ModuleInfo')
  @RequirePermission('modules:write')
  @ApiOperation({ summary: 'Enable or disable a module (409 for one that cannot be disabled)' })
  setEnabled(@Param() params: ModuleParams, @Body() body: SetEnabledDto, @CurrentPrincipal() actor: RequestPrincipal, @RequestId() requestId: string) {
    return this.modules.setEnabled(params.id, body.enabled, actor, requestId);
  }

  @Get(':id/metrics')
  @Returns('ModuleMetricsSnapshot')
  @RequirePermission('modules:read')
  metrics(@Param() params: ModuleParams) {
    return this.modules.get(params.id).metrics;
  }

  @Get(':id/config')
  @Returns('ModuleConfig')
  @RequirePermission('modules:read')
  config(@Param() params: ModuleParams) {
    return this.modules.config(params.id);
  }

  @Put(':id/config')
  @Returns('ModuleInfo')
  @RequirePermission('modules:write')
  @ApiOperation({ summary: 'Replace the config (422 with the JSON-Schema errors when invalid)' })
  replaceConfig(@Param() params: ModuleParams, @Body() body: ModuleConfigDto, @CurrentPrincipal() actor: RequestPrincipal, @RequestId() requestId: string) {
    return this.modules.configure(params.id, body.config, false, actor, requestId);
  }

  @Patch(':id/config')
  @Returns('ModuleInfo')
  @RequirePermission('modules:write')
  @ApiOperation({ summary: 'Merge into the config' })
  patchConfig(@Param() params: ModuleParams, @Body() body: ModuleConfigDto, @CurrentPrincipal() actor: RequestPrincipal, @RequestId() requestId: string) {
    return this.modules.configure(params.id, body.config, true, actor, requestId);
  }
}

@ApiTags('cdna')
@ApiBearerAuth()
@Controller('cdna')
export class CdnaController {
  constructor(private readonly cdna: CdnaService) {}

  @Get()
  @Returns('CdnaState')
  @RequirePermission('cdna:read')
  current() {
    return this.cdna.current();
  }

  @Put()
  @Returns('Cdna')
  @RequirePermission('cdna:write')
  update(@Body() body: CdnaUpdateDto, @CurrentPrincipal() actor: RequestPrincipal, @RequestId() requestId: string) {
    return this.cdna.update(body.cdna, body.reason, actor, requestId);
  }

  @Get('profiles')
  @Returns('CdnaProfiles')
  @RequirePermission('cdna:read')
  profiles() {
    return this.cdna.profiles();
  }

  @Post('profiles/:name/apply')
  @Returns('Cdna')
  @RequirePermission('cdna:write')
  @HttpCode(200)
  applyProfile(@Param() params: ProfileParams, @CurrentPrincipal() actor: RequestPrincipal, @RequestId() requestId: string) {
    return this.cdna.applyProfile(params.name, actor, requestId);
  }

  @Post('validate')
  @Returns('CdnaValidation')
  @RequirePermission('cdna:read')
  @HttpCode(200)
  validate(@Body() body: CdnaPatchDto) {
    return this.cdna.validate(body.cdna);
  }

  @Get('history')
  @Returns('CdnaHistoryPage')
  @RequirePermission('cdna:read')
  history(@Query() query: HistoryQuery) {
    return this.cdna.history(query.limit, query.beforeVersion);
  }

  @Post('rollback/:version')
  @Returns('Cdna')
  @RequirePermission('cdna:admin')
  @HttpCode(200)
  rollback(@Param() params: VersionParams, @CurrentPrincipal() actor: RequestPrincipal, @RequestId() requestId: string) {
    return this.cdna.rollback(params.version, actor, requestId);
  }

  @Post('quarantine')
  @Returns('QuarantineStatus')
  @RequirePermission('cdna:write')
  @HttpCode(200)
  startQuarantine(@Body() body: QuarantineDto, @CurrentPrincipal() actor: RequestPrincipal, @RequestId() requestId: string) {
    return this.cdna.startQuarantine(body.cdna, body.durationMs, actor, requestId);
  }

  @Post('quarantine/stop')
  @Returns('Cdna')
  @RequirePermission('cdna:write')
  @HttpCode(200)
  stopQuarantine(@Body() body: QuarantineStopDto, @CurrentPrincipal() actor: RequestPrincipal, @RequestId() requestId: string) {
    return this.cdna.stopQuarantine(body.apply, actor, requestId);
  }

  @Get('export')
  @Returns('CdnaExport')
  @RequirePermission('cdna:read')
  export() {
    return this.cdna.export();
  }

  @Post('import')
  @Returns('Cdna')
  @RequirePermission('cdna:admin')
  @HttpCode(200)
  import(@Body() body: ImportDto, @CurrentPrincipal() actor: RequestPrincipal, @RequestId() requestId: string) {
    return this.cdna.import(body.document, actor, requestId);
  }
}
