import type { ChannelsResponse } from '@neurograph/contracts';
import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CHANNEL_MATRIX, CHANNELS } from '@neurograph/rbac';
import { AuditService, CurrentPrincipal, type RequestPrincipal } from '@neurograph/server-auth';
import { EVENT_BUS, type EventBus } from '@neurograph/server-bus';
import { RequestId, RequirePermission, Returns } from '@neurograph/server-http';
import { RealtimeHub } from '@neurograph/server-realtime';
import { BroadcastDto } from '../dto/realtime.dto.js';

@ApiTags('realtime')
@ApiBearerAuth()
@Controller('realtime')
export class RealtimeController {
  constructor(
    private readonly hub: RealtimeHub,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly audit: AuditService,
  ) {}

  @Get('channels')
  @Returns('Channels')
  @RequirePermission('realtime:admin')
  @ApiOperation({ summary: 'Every channel with its access rules and its subscribers, and the open connections, summed over all replicas' })
  async channels(): Promise<ChannelsResponse> {
    const counts = await this.hub.channelCounts();
    return { items: CHANNELS.map((channel) => ({ channel, ...CHANNEL_MATRIX[channel], subscribers: counts.channels[channel] })), connections: counts.connections };
  }

  @Post('broadcast')
  @Returns('BroadcastResponse')
  @HttpCode(202)
  @RequirePermission('realtime:admin')
  @ApiOperation({ summary: 'Publish an event on a channel to every subscriber allowed to see it' })
  async broadcast(@Body() body: BroadcastDto, @CurrentPrincipal() actor: RequestPrincipal, @RequestId() requestId: string) {
    const envelope = await this.bus.publish(body.channel, body.type ?? 'message', body.data);
    await this.audit.record(actor, { action: 'realtime.broadcast', target: body.channel, details: { type: envelope.type, id: envelope.id }, requestId });
    return { channel: envelope.channel, type: envelope.type, id: envelope.id, seq: envelope.seq, timestamp: envelope.timestamp };
  }
}
