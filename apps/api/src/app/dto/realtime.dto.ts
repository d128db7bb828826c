import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CHANNELS } from '@neurograph/rbac';
import { IsDefined, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';

export class BroadcastDto {
  @ApiProperty({ enum: CHANNELS }) @IsIn(CHANNELS) channel: string;
  @ApiPropertyOptional({ description: 'Event type, default "message"', example: 'maintenance.notice' })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  @Matches(/^[a-z0-9_]+(\.[a-z0-9_]+)*$/, { message: 'must be a dotted lowercase event type such as maintenance.notice' })
  type?: string;
  @ApiProperty({ description: 'Any JSON value, delivered as the envelope data' }) @IsDefined() data: unknown;
}
