import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';

/** `limit` (default 50, max 1000): how every list pages (00-overview.md). */
export class PageLimit {
  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: 1000, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit = 50;
}

/** A page with an opaque cursor: the `nextCursor` of the previous page. */
export class PageQuery extends PageLimit {
  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

/** Pages of rows ordered by a UUID primary key: the cursor is the last id of the previous page. */
export class UuidPageQuery extends PageLimit {
  @ApiPropertyOptional({ format: 'uuid', description: 'The nextCursor of the previous page' })
  @IsOptional()
  @IsUUID()
  cursor?: string;
}
