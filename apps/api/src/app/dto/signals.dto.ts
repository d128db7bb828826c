import type { SignalRequest, TextSignalRequest } from '@neurograph/contracts';
import { CLIENT_ID, SIGNAL_LIMITS, SPACE_NAME } from '@neurograph/core';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsDate, IsOptional, IsString, Length, Matches } from 'class-validator';
import { PageQuery } from './common.dto.js';

/**
 * One signal (02-api.md), as documented in OpenAPI. Bodies are not validated against this class:
 * the engine validates every signal once (`signalInputIssues`), whichever way it arrives.
 */
export class SignalDto implements SignalRequest {
  @ApiPropertyOptional({ description: 'Client id: a retry with the same id returns the first result', pattern: CLIENT_ID.source }) id?: string;
  @ApiPropertyOptional({ default: 'default', pattern: SPACE_NAME.source }) space?: string;
  @ApiPropertyOptional({ description: "Sensor id; default 'vector' when vector is given, else 'text.chat'", minLength: 1, maxLength: 64 }) sensor?: string;
  @ApiPropertyOptional({ description: 'Event type: dotted segments of [a-z0-9_-]', maxLength: SIGNAL_LIMITS.typeMaxLength }) type?: string;
  @ApiPropertyOptional({ type: [Number], minItems: 8, maxItems: 8 }) vector?: number[];
  @ApiPropertyOptional({ description: `Raw input: text, number, array or object; at most ${SIGNAL_LIMITS.maxPayloadBytes} bytes as JSON` }) payload?: unknown;
  @ApiPropertyOptional({ minimum: 0, maximum: SIGNAL_LIMITS.priorityMax }) priority?: number;
  @ApiPropertyOptional({ type: [String], maxItems: SIGNAL_LIMITS.maxTags }) tags?: string[];
  @ApiPropertyOptional({ minLength: 1, maxLength: SIGNAL_LIMITS.idMaxLength }) sequenceId?: string;
  @ApiPropertyOptional({ minLength: 1, maxLength: SIGNAL_LIMITS.idMaxLength }) traceId?: string;
  @ApiPropertyOptional({ minLength: 1, maxLength: SIGNAL_LIMITS.idMaxLength }) parentId?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: `At most ${SIGNAL_LIMITS.maxMetadataBytes} bytes as JSON` }) metadata?: Record<string, unknown>;
}

export class SignalBatchDto {
  @ApiProperty({ type: [SignalDto], minItems: 1, maxItems: 1000, description: 'Each item is validated on its own: invalid ones get an error, the rest are processed' })
  signals: SignalRequest[];
}

export class TextSignalDto implements TextSignalRequest {
  @ApiProperty({ maxLength: 10000 }) @IsString() @Length(1, 10_000) text: string;
  @ApiPropertyOptional({ pattern: SPACE_NAME.source }) @IsOptional() @IsString() @Matches(SPACE_NAME) space?: string;
  @ApiPropertyOptional({ description: 'Conversation id: one sequence per conversation' }) @IsOptional() @IsString() @Length(1, 128) conversationId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 128) id?: string;
}

export class SignalListQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(SPACE_NAME) space?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 128) type?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @Type(() => Date) @IsDate() since?: Date;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @Type(() => Date) @IsDate() until?: Date;
  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  novel?: boolean;
}
