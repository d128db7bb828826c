import type { ActivateRequest, CreateEdgeRequest, CreateSpaceRequest, CreateTokenRequest, SearchRequest, TokenPatch } from '@neurograph/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { EDGE_TYPES, type EdgeType, SPACE_NAME, TOKEN_KINDS, type TokenKind } from '@neurograph/core';
import { PageLimit } from './common.dto.js';

const vectorRules = [IsArray(), ArrayMinSize(8), ArrayMaxSize(8), IsNumber({ allowNaN: false, allowInfinity: false }, { each: true })];
const Vector = (): PropertyDecorator => (target, key) => vectorRules.forEach((rule) => rule(target, key));
/** `0.1,0.2,…` in a query string → numbers. */
const csvNumbers = Transform(({ value }) => (typeof value === 'string' ? value.split(',').map((v) => (v.trim() === '' ? Number.NaN : Number(v))) : value));

export class SpaceParams {
  @ApiProperty({ pattern: SPACE_NAME.source }) @IsString() @Matches(SPACE_NAME, { message: 'must match [a-z0-9_-]{1,64}' }) space: string;
}

export class TokenParams extends SpaceParams {
  @ApiProperty() @Type(() => Number) @IsInt() @Min(0) @Max(2 ** 31 - 1) id: number;
}

export class CreateSpaceDto implements CreateSpaceRequest {
  @ApiProperty({ pattern: SPACE_NAME.source }) @IsString() @Matches(SPACE_NAME, { message: 'must match [a-z0-9_-]{1,64}' }) name: string;
}

export class TokenPageQuery extends PageLimit {
  @ApiPropertyOptional({ type: Number, description: 'The nextCursor of the previous page' }) @IsOptional() @Type(() => Number) @IsInt() @Min(-1) cursor = -1;
}

export class ProjectionQuery {
  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: 50000, default: 10000 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(50_000) limit = 10_000;
}

/** What an operator may set on a token; learning owns the rest. */
export class UpdateTokenDto implements TokenPatch {
  @ApiPropertyOptional({ enum: TOKEN_KINDS }) @IsOptional() @IsIn(TOKEN_KINDS) kind?: TokenKind;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(256) label?: string;
  @ApiPropertyOptional({ minimum: 0, maximum: 1 }) @IsOptional() @IsNumber({ allowNaN: false }) @Min(0) @Max(1) weight?: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() persistent?: boolean;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) @IsOptional() @IsObject() metadata?: Record<string, unknown>;
}

export class CreateTokenDto extends UpdateTokenDto implements CreateTokenRequest {
  @ApiProperty({ type: [Number], minItems: 8, maxItems: 8 }) @Vector() vector: number[];
}

export class SearchDto implements SearchRequest {
  @ApiPropertyOptional({ type: [Number], minItems: 8, maxItems: 8 }) @IsOptional() @Vector() vector?: number[];
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) tokenId?: number;
  @ApiPropertyOptional({ maxLength: 10000 }) @IsOptional() @IsString() @Length(1, 10_000) text?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 10 }) @IsOptional() @IsInt() @Min(1) @Max(1000) k?: number;
  @ApiPropertyOptional({ description: 'Radius search instead of kNN' }) @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(100) radius?: number;
}

export class PointQuery {
  @ApiProperty({ description: 'Eight comma-separated numbers', example: '0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5' }) @csvNumbers @Vector() point: number[];
}

export class DensityQuery extends PointQuery {
  @ApiProperty() @Type(() => Number) @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0.000001) @Max(100) radius: number;
}

export class EdgeQuery {
  @ApiPropertyOptional({ enum: ['out', 'in', 'both'], default: 'both' }) @IsOptional() @IsIn(['out', 'in', 'both']) direction: 'out' | 'in' | 'both' = 'both';
}

export class CreateEdgeDto implements CreateEdgeRequest {
  @ApiProperty() @IsInt() @Min(0) from: number;
  @ApiProperty() @IsInt() @Min(0) to: number;
  @ApiPropertyOptional({ type: String, enum: EDGE_TYPES, default: 'user' }) @IsOptional() @IsIn(EDGE_TYPES) type: EdgeType = 'user';
  @ApiPropertyOptional({ type: Number, minimum: 0, maximum: 1, default: 0.5 }) @IsOptional() @IsNumber({ allowNaN: false }) @Min(0) @Max(1) weight = 0.5;
}

export class PathQuery {
  @ApiProperty() @Type(() => Number) @IsInt() @Min(0) from: number;
  @ApiProperty() @Type(() => Number) @IsInt() @Min(0) to: number;
}

export class ActivateDto implements ActivateRequest {
  @ApiProperty() @IsInt() @Min(0) start: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 1000000 }) @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(1e6) energy?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 1 }) @IsOptional() @IsNumber({ allowNaN: false }) @Min(0) @Max(1) decay?: number;
  @ApiPropertyOptional({ minimum: 0 }) @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(1e6) threshold?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 64 }) @IsOptional() @IsInt() @Min(0) @Max(64) maxHops?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 100000 }) @IsOptional() @IsInt() @Min(1) @Max(100_000) maxNodes?: number;
}

export class SubgraphQuery {
  @ApiProperty() @Type(() => Number) @IsInt() @Min(0) root: number;
  @ApiPropertyOptional({ type: Number, minimum: 0, maximum: 6, default: 2 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(6) depth = 2;
  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: 5000, default: 500 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(5000) maxNodes = 500;
}
