import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { ID } from './engine.dto.js';

/** The fields of a sensor an operator may set; the gateway checks the encoder and domain. */
export class SensorPatchDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 64) sensorType?: string;
  @ApiPropertyOptional({ enum: ['external', 'internal', 'system'] }) @IsOptional() @IsString() @Length(1, 32) domain?: 'external' | 'internal' | 'system';
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 64) modality?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 64) encoder?: string;
  @ApiPropertyOptional({ minimum: 0, maximum: 255 }) @IsOptional() @IsInt() @Min(0) @Max(255) defaultPriority?: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() enabled?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 500) description?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) @IsOptional() @IsObject() metadata?: Record<string, unknown>;
}

export class CreateSensorDto extends SensorPatchDto {
  @ApiProperty({ pattern: ID.source }) @IsString() @Matches(ID) sensorId: string;
  // `required` is explicit: without it the parent's optional `encoder` wins in the OpenAPI document.
  @ApiProperty({ required: true }) @IsString() @Length(1, 64) declare encoder: string;
}

export class RulePatchDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'A filter over the signal and its result' }) @IsOptional() @IsObject() when?: Record<string, unknown>;
  @ApiPropertyOptional({ type: 'array', items: { type: 'object' } }) @IsOptional() @IsArray() @ArrayMaxSize(16) @IsObject({ each: true }) actions?: Record<string, unknown>[];
  @ApiPropertyOptional({ enum: ['hot', 'cold'] }) @IsOptional() @IsIn(['hot', 'cold']) path?: 'hot' | 'cold';
  @ApiPropertyOptional() @IsOptional() @IsBoolean() enabled?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(-1000) @Max(1000) priority?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(86_400_000) cooldownMs?: number;
}

export class CreateRuleDto extends RulePatchDto {
  @ApiProperty({ pattern: ID.source }) @IsString() @Matches(ID) id: string;
}
