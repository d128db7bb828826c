import type { SignalRequest, TextSignalRequest } from '@neurograph/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsDate, IsInt, IsNumber, IsObject, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageQuery } from './common.dto.js';

const SPACE = /^[a-z0-9_-]{1,64}$/;

/** One signal (02-api.md); the engine validates deeper (payload size, sensor, filters) and names the field. */
export class SignalDto implements SignalRequest {
  @ApiPropertyOptional({ description: 'Client id: a retry with the same id returns the first result' }) @IsOptional() @IsString() @Length(1, 128) id?: string;
  @ApiPropertyOptional({ default: 'default', pattern: SPACE.source }) @IsOptional() @IsString() @Matches(SPACE) space?: string;
  @ApiPropertyOptional({ description: "Sensor id; default 'vector' when vector is given, else 'text.chat'" }) @IsOptional() @IsString() @Length(1, 128) sensor?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 128) type?: string;
  @ApiPropertyOptional({ type: [Number], minItems: 8, maxItems: 8 })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(8)
  @ArrayMaxSize(8)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { each: true })
  vector?: number[];
  @ApiPropertyOptional({ description: 'Raw input: text, number, array or object' }) @IsOptional() payload?: unknown;
  @ApiPropertyOptional({ minimum: 0, maximum: 255 }) @IsOptional() @IsInt() @Min(0) @Max(255) priority?: number;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(32) @IsString({ each: true }) @MaxLength(64, { each: true }) tags?: string[];
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 128) sequenceId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 128) traceId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 128) parentId?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) @IsOptional() @IsObject() metadata?: Record<string, unknown>;
}

export class SignalBatchDto {
  @ApiProperty({ type: [SignalDto], minItems: 1, maxItems: 1000, description: 'Each item is validated on its own: invalid ones get an error, the rest are processed' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsObject({ each: true })
  signals: Record<string, unknown>[];
}

export class TextSignalDto implements TextSignalRequest {
  @ApiProperty({ maxLength: 10000 }) @IsString() @Length(1, 10_000) text: string;
  @ApiPropertyOptional({ pattern: SPACE.source }) @IsOptional() @IsString() @Matches(SPACE) space?: string;
  @ApiPropertyOptional({ description: 'Conversation id: one sequence per conversation' }) @IsOptional() @IsString() @Length(1, 128) conversationId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 128) id?: string;
}

export class SignalListQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(SPACE) space?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 128) type?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @Type(() => Date) @IsDate() since?: Date;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @Type(() => Date) @IsDate() until?: Date;
  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  novel?: boolean;
}

export { SPACE };
