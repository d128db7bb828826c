import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type RequestPrincipal } from '@neurograph/server-auth';
import { CatalogService } from '@neurograph/server-engine';
import { RequestId, RequirePermission, Returns } from '@neurograph/server-http';
import { CreateRuleDto, CreateSensorDto, RulePatchDto, SensorPatchDto } from '../dto/catalog.dto.js';
import { IdParams, LimitQuery } from '../dto/engine.dto.js';

@ApiTags('sensors')
@ApiBearerAuth()
@Controller('sensors')
export class SensorsController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  @Returns('SensorPage')
  @RequirePermission('sensors:read')
  list() {
    return this.catalog.sensors();
  }

  @Post()
  @Returns('Sensor')
  @RequirePermission('sensors:write')
  create(@Body() body: CreateSensorDto, @CurrentPrincipal() actor: RequestPrincipal, @RequestId() requestId: string) {
    return this.catalog.createSensor({ ...body }, actor, requestId);
  }

  @Get(':id')
  @Returns('Sensor')
  @RequirePermission('sensors:read')
  get(@Param() params: IdParams) {
    return this.catalog.sensor(params.id);
  }

  @Patch(':id')
  @Returns('Sensor')
  @RequirePermission('sensors:write')
  update(@Param() params: IdParams, @Body() body: SensorPatchDto, @CurrentPrincipal() actor: RequestPrincipal, @RequestId() requestId: string) {
    return this.catalog.updateSensor(params.id, { ...body }, actor, requestId);
  }

  @Delete(':id')
  @RequirePermission('sensors:write')
  @HttpCode(204)
  async remove(@Param() params: IdParams, @CurrentPrincipal() actor: RequestPrincipal, @RequestId() requestId: string) {
    await this.catalog.removeSensor(params.id, actor, requestId);
  }
}

@ApiTags('rules')
@ApiBearerAuth()
@Controller()
export class RulesController {
  constructor(private readonly catalog: CatalogService) {}

  @Get('rules')
  @Returns('RulePage')
  @RequirePermission('actions:read')
  list() {
    return this.catalog.rules();
  }

  @Post('rules')
  @Returns('Rule')
  @RequirePermission('actions:write')
  create(@Body() body: CreateRuleDto, @CurrentPrincipal() actor: RequestPrincipal, @RequestId() requestId: string) {
    return this.catalog.upsertRule({ ...body }, actor, requestId);
  }

  @Get('rules/:id')
  @Returns('Rule')
  @RequirePermission('actions:read')
  get(@Param() params: IdParams) {
    return this.catalog.rule(params.id);
  }

  @Patch('rules/:id')
  @Returns('Rule')
  @RequirePermission('actions:write')
  update(@Param() params: IdParams, @Body() body: RulePatchDto, @CurrentPrincipal() actor: RequestPrincipal, @RequestId() requestId: string) {
    const current = this.catalog.rule(params.id);
    return this.catalog.upsertRule({ ...current, ...body, id: params.id }, actor, requestId, true);
  }

  @Delete('rules/:id')
  @RequirePermission('actions:write')
  @HttpCode(204)
  async remove(@Param() params: IdParams, @CurrentPrincipal() actor: RequestPrincipal, @RequestId() requestId: string) {
    await this.catalog.removeRule(params.id, actor, requestId);
  }

  @Get('actions')
  @Returns('ActionPage')
  @RequirePermission('actions:read')
  actions(@Query() query: LimitQuery) {
    return this.catalog.actions(query.limit);
  }
}
