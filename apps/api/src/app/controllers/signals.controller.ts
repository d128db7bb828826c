import { Body, Controller, Get, Header, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, principalKey, type RequestPrincipal } from '@neurograph/server-auth';
import { SignalsService } from '@neurograph/server-engine';
import { ApiError, LargeBody, RequirePermission, Returns } from '@neurograph/server-http';
import { IdParams } from '../dto/engine.dto.js';
import { SignalBatchDto, SignalDto, SignalListQuery, TextSignalDto } from '../dto/signals.dto.js';

@ApiTags('signals')
@ApiBearerAuth()
@Controller('signals')
export class SignalsController {
  constructor(private readonly signals: SignalsService) {}

  @Post()
  @Returns('SignalResult')
  @RequirePermission('signals:write')
  @HttpCode(200)
  @Header('content-type', 'application/json; charset=utf-8')
  @ApiOperation({ summary: 'Process one signal and answer with what the engine learned (01-core.md §3)' })
  @ApiBody({ type: SignalDto })
  emit(@Body() body: unknown, @CurrentPrincipal() principal: RequestPrincipal) {
    return this.signals.emitJson(body, principalKey(principal, ''));
  }

  @Post('batch')
  @Returns('BatchResponse')
  @LargeBody()
  @RequirePermission('signals:write')
  @HttpCode(200)
  @Header('content-type', 'application/json; charset=utf-8')
  @ApiOperation({ summary: 'Process up to 1000 signals in order; invalid items get their own error' })
  @ApiBody({ type: SignalBatchDto })
  emitBatch(@Body() body: unknown, @CurrentPrincipal() principal: RequestPrincipal) {
    return this.signals.emitBatch(body, principalKey(principal, ''));
  }

  @Post('text')
  @Returns('SignalResult')
  @RequirePermission('signals:write')
  @HttpCode(200)
  @Header('content-type', 'application/json; charset=utf-8')
  @ApiOperation({ summary: 'A chat message as a signal (sensor text.chat, one sequence per conversation)' })
  emitText(@Body() body: TextSignalDto, @CurrentPrincipal() principal: RequestPrincipal) {
    const request = { id: body.id, space: body.space, sensor: 'text.chat', payload: body.text, sequenceId: body.conversationId };
    return this.signals.emitJson(Object.fromEntries(Object.entries(request).filter(([, v]) => v !== undefined)), principalKey(principal, ''));
  }

  @Get()
  @Returns('SignalPage')
  @RequirePermission('signals:read')
  @ApiOperation({ summary: 'The signal log, newest first, filtered by space, type, time and novelty' })
  list(@Query() query: SignalListQuery) {
    return this.signals.list(query);
  }

  @Get(':id')
  @Returns('SignalRecord')
  @RequirePermission('signals:read')
  async get(@Param() params: IdParams) {
    const signal = await this.signals.get(params.id);
    if (!signal) throw ApiError.notFound('SIGNAL_NOT_FOUND', `Signal ${params.id}`);
    return signal;
  }
}
