import type { ChangePasswordRequest, CreateUserRequest, LoginRequest, LogoutRequest, RefreshRequest, UpdateUserRequest } from '@neurograph/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsDate, IsEmail, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { PERMISSIONS, type Permission, ROLES, type Role } from '@neurograph/rbac';
import { UuidPageQuery } from './common.dto.js';

const USERNAME = /^[a-zA-Z0-9_.-]{3,64}$/;

export class LoginDto implements LoginRequest {
  @ApiProperty() @IsString() @Length(1, 64) username: string;
  @ApiProperty() @IsString() @Length(1, 256) password: string;
}

export class RefreshDto implements RefreshRequest {
  @ApiProperty() @IsString() @Length(1, 256) refreshToken: string;
}

export class LogoutDto implements LogoutRequest {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 256) refreshToken?: string;
}

export class ChangePasswordDto implements ChangePasswordRequest {
  @ApiProperty() @IsString() @Length(1, 256) currentPassword: string;
  @ApiProperty({ minLength: 12 }) @IsString() @Length(12, 256) newPassword: string;
}

export class CreateUserDto implements CreateUserRequest {
  @ApiProperty({ pattern: USERNAME.source }) @IsString() @Matches(USERNAME, { message: 'must be 3–64 letters, digits, dots, dashes or underscores' }) username: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() @MaxLength(254) email?: string;
  @ApiProperty({ minLength: 12 }) @IsString() @Length(12, 256) password: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role: Role;
}

export class UpdateUserDto implements UpdateUserRequest {
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsEmail() @MaxLength(254) email?: string;
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES) role?: Role;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() disabled?: boolean;
  @ApiPropertyOptional({ minLength: 12 }) @IsOptional() @IsString() @Length(12, 256) password?: string;
}

export class CreateApiKeyDto {
  @ApiProperty() @IsString() @Length(1, 100) name: string;
  @ApiPropertyOptional({ enum: PERMISSIONS, isArray: true, description: 'Defaults to every permission of the owner' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(PERMISSIONS.length)
  @IsIn(PERMISSIONS, { each: true })
  scopes?: Permission[];
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @Type(() => Date) @IsDate() expiresAt?: Date;
  @ApiPropertyOptional({ minimum: 1, maximum: 100000 }) @IsOptional() @IsInt() @Min(1) @Max(100_000) rateLimitPerSecond?: number;
}

export class ApiKeyListQuery extends UuidPageQuery {
  @ApiPropertyOptional({ description: 'Every user\'s keys (needs apikeys:admin)' })
  @IsOptional()
  @IsIn(['true', 'false'])
  all?: 'true' | 'false';
}
