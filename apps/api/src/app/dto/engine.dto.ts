import type { CdnaImportRequest, ModuleConfigRequest, QuarantineStopRequest, SetEnabledRequest } from '@neurograph/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { PROFILES } from '@neurograph/core';
import { PageLimit } from './common.dto.js';

export class ModuleParams {
  @ApiProperty() @IsString() @Length(1, 64) id: string;
}

export class SetEnabledDto implements SetEnabledRequest {
  @ApiProperty() @IsBoolean() enabled: boolean;
}

export class CdnaUpdateDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'A partial CDNA: scales, thresholds, plasticity, quotas…' }) @IsObject() cdna: Record<string, unknown>;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 500) reason?: string;
}

export class CdnaPatchDto {
  @ApiProperty({ type: 'object', additionalProperties: true }) @IsObject() cdna: Record<string, unknown>;
}

export class ProfileParams {
  @ApiProperty({ enum: PROFILES }) @IsIn(PROFILES) name: string;
}

export class VersionParams {
  @ApiProperty() @Type(() => Number) @IsInt() @Min(1) @Max(2 ** 31 - 1) version: number;
}

export class HistoryQuery extends PageLimit {
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) beforeVersion?: number;
}

export class QuarantineDto {
  @ApiProperty({ type: 'object', additionalProperties: true }) @IsObject() cdna: Record<string, unknown>;
  @ApiPropertyOptional({ type: Number, minimum: 1000, maximum: 86400000, default: 600000 }) @IsOptional() @IsInt() @Min(1000) @Max(86_400_000) durationMs = 600_000;
}

export class QuarantineStopDto implements QuarantineStopRequest {
  @ApiProperty({ description: 'Apply the candidate (true) or go back to the baseline (false)' }) @IsBoolean() apply: boolean;
}

export class ImportDto implements CdnaImportRequest {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'A document from GET /cdna/export' }) @IsObject() document: Record<string, unknown>;
}

/** Ids operators choose (sensors, rules): letters, digits and `_.:-`. */
export const ID = /^[a-zA-Z0-9_.:-]{1,128}$/;

export class IdParams {
  @ApiProperty({ pattern: ID.source }) @IsString() @Matches(ID) id: string;
}

export class LimitQuery {
  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: 1000, default: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit = 100;
}

export class ModuleConfigDto implements ModuleConfigRequest {
  @ApiProperty({ type: 'object', additionalProperties: true, description: "Checked against the module's JSON Schema" }) @IsObject() config: Record<string, unknown>;
}
