import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeysService, AuditService, CurrentPrincipal, publicApiKey, publicUser, type RequestPrincipal, SessionsService, UsersService, verifyPassword } from '@neurograph/server-auth';
import { ApiError, pageOf, Public, RequestId, RequirePermission, Returns } from '@neurograph/server-http';
import { UuidPageQuery } from '../dto/common.dto.js';
import { ApiKeyListQuery, ChangePasswordDto, CreateApiKeyDto, CreateUserDto, LoginDto, LogoutDto, RefreshDto, UpdateUserDto } from '../dto/auth.dto.js';

/** Routes needing `session:self` only ever see users and API keys, which always have an owner. */
function signedIn(principal: RequestPrincipal): string {
  if (!principal.userId) throw new ApiError(401, 'AUTHENTICATION_REQUIRED', 'Sign in first');
  return principal.userId;
}

const uuid = new ParseUUIDPipe({ exceptionFactory: () => ApiError.validation('id', 'uuid', 'must be a UUID') });

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
  ) {}

  @Post('login')
  @Returns('LoginResponse')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a username and password for an access and a refresh token' })
  login(@Body() body: LoginDto) {
    return this.sessions.login(body.username, body.password);
  }

  @Post('refresh')
  @Returns('TokenPair')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Rotate a refresh token; reusing an old one revokes the whole session' })
  refresh(@Body() body: RefreshDto) {
    return this.sessions.refresh(body.refreshToken);
  }

  @Post('logout')
  @RequirePermission('session:self')
  @HttpCode(204)
  @ApiBearerAuth()
  async logout(@CurrentPrincipal() principal: RequestPrincipal, @Body() body: LogoutDto) {
    await this.sessions.logout(principal, body.refreshToken);
  }

  @Get('me')
  @Returns('Me')
  @RequirePermission('session:self')
  @ApiBearerAuth()
  async me(@CurrentPrincipal() principal: RequestPrincipal) {
    const user = publicUser(await this.users.get(signedIn(principal)));
    return { ...user, permissions: [...principal.permissions], via: principal.kind, apiKeyId: principal.apiKeyId ?? null };
  }

  @Post('change-password')
  @RequirePermission('session:self')
  @HttpCode(204)
  @ApiBearerAuth()
  async changePassword(@CurrentPrincipal() principal: RequestPrincipal, @Body() body: ChangePasswordDto) {
    const user = await this.users.get(signedIn(principal));
    if (!(await verifyPassword(user.passwordHash, body.currentPassword))) {
      throw new ApiError(403, 'INVALID_CREDENTIALS', 'The current password is wrong', [{ field: 'currentPassword', rule: 'matches', message: 'is wrong' }]);
    }
    await this.users.update(user.id, { password: body.newPassword });
  }
}

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @Returns('UserPage')
  @RequirePermission('users:read')
  async list(@Query() query: UuidPageQuery) {
    const rows = await this.users.list(query.limit + 1, query.cursor);
    return pageOf(rows, query.limit, publicUser, (user) => user.id);
  }

  @Post()
  @Returns('User')
  @RequirePermission('users:write')
  async create(@Body() body: CreateUserDto, @CurrentPrincipal() actor: RequestPrincipal, @RequestId() requestId: string) {
    const user = await this.users.create(body);
    await this.audit.record(actor, { action: 'user.create', target: user.id, details: { username: user.username, role: user.role }, requestId });
    return publicUser(user);
  }

  @Get(':id')
  @Returns('User')
  @RequirePermission('users:read')
  async get(@Param('id', uuid) id: string) {
    return publicUser(await this.users.get(id));
  }

  @Patch(':id')
  @Returns('User')
  @RequirePermission('users:write')
  async update(@Param('id', uuid) id: string, @Body() body: UpdateUserDto, @CurrentPrincipal() actor: RequestPrincipal, @RequestId() requestId: string) {
    const user = await this.users.update(id, body);
    const { password: _password, ...changed } = body;
    await this.audit.record(actor, { action: 'user.update', target: id, details: { ...changed, passwordChanged: body.password !== undefined }, requestId });
    return publicUser(user);
  }

  @Delete(':id')
  @RequirePermission('users:write')
  @HttpCode(204)
  async remove(@Param('id', uuid) id: string, @CurrentPrincipal() actor: RequestPrincipal, @RequestId() requestId: string) {
    await this.users.remove(id);
    await this.audit.record(actor, { action: 'user.delete', target: id, requestId });
  }
}

@ApiTags('api-keys')
@ApiBearerAuth()
@Controller('api-keys')
export class ApiKeysController {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @Returns('ApiKeyPage')
  @RequirePermission('apikeys:own')
  async list(@CurrentPrincipal() principal: RequestPrincipal, @Query() query: ApiKeyListQuery) {
    const rows = await this.keys.list(principal, query.all === 'true', query.limit + 1, query.cursor);
    return pageOf(rows, query.limit, publicApiKey, (key) => key.id);
  }

  @Post()
  @Returns('CreatedApiKey')
  @RequirePermission('apikeys:own')
  @ApiOperation({ summary: 'Create a key; the key itself is in this response only' })
  async create(@CurrentPrincipal() principal: RequestPrincipal, @Body() body: CreateApiKeyDto, @RequestId() requestId: string) {
    const created = await this.keys.create(principal, body);
    await this.audit.record(principal, { action: 'apikey.create', target: created.apiKey.id, details: { name: body.name, scopes: created.apiKey.scopes }, requestId });
    return created;
  }

  @Get(':id')
  @Returns('ApiKey')
  @RequirePermission('apikeys:own')
  async get(@CurrentPrincipal() principal: RequestPrincipal, @Param('id', uuid) id: string) {
    return publicApiKey(await this.keys.get(principal, id));
  }

  @Post(':id/revoke')
  @Returns('ApiKey')
  @RequirePermission('apikeys:own')
  @HttpCode(200)
  async revoke(@CurrentPrincipal() principal: RequestPrincipal, @Param('id', uuid) id: string, @RequestId() requestId: string) {
    const key = await this.keys.revoke(principal, id);
    await this.audit.record(principal, { action: 'apikey.revoke', target: id, requestId });
    return publicApiKey(key);
  }

  @Delete(':id')
  @RequirePermission('apikeys:own')
  @HttpCode(204)
  async remove(@CurrentPrincipal() principal: RequestPrincipal, @Param('id', uuid) id: string, @RequestId() requestId: string) {
    await this.keys.remove(principal, id);
    await this.audit.record(principal, { action: 'apikey.delete', target: id, requestId });
  }
}
