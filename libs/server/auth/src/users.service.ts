import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Role } from '@neurograph/rbac';
import { SERVER_CONFIG, type ServerConfig } from '@neurograph/server-config';
import { ApiError } from '@neurograph/server-http';
import { ApiKeyEntity, RefreshSessionEntity, UserEntity } from '@neurograph/server-persistence';
import { IsNull, MoreThan, type Repository } from 'typeorm';
import { FreshnessCache } from './freshness-cache.js';
import { Revocations } from './revocations.js';
import { generatedPassword, hashPassword } from './secrets.js';

export interface PublicUser {
  id: string;
  username: string;
  email: string | null;
  role: Role;
  disabled: boolean;
  createdAt: string;
}

export interface NewUser {
  username: string;
  email?: string | null;
  password: string;
  role: Role;
}

export interface UserPatch {
  email?: string | null;
  role?: Role;
  disabled?: boolean;
  password?: string;
}

export function publicUser(user: UserEntity): PublicUser {
  return { id: user.id, username: user.username, email: user.email, role: user.role as Role, disabled: user.disabled, createdAt: user.createdAt.toISOString() };
}

/** How long a disabled user or changed role may go unnoticed by another replica's cache. */
const STATUS_TTL_MS = 2000;

@Injectable()
export class UsersService {
  private readonly logger = new Logger('Users');
  private readonly status = new FreshnessCache<UserEntity | null>(STATUS_TTL_MS);

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectRepository(RefreshSessionEntity) private readonly sessions: Repository<RefreshSessionEntity>,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    private readonly revocations: Revocations,
  ) {}

  /** The user as of at most a moment ago: what authentication checks on every request. */
  current(id: string): Promise<UserEntity | null> {
    return this.status.get(id, () => this.users.findOneBy({ id }));
  }

  findByUsername(username: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ username });
  }

  async get(id: string): Promise<UserEntity> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw ApiError.notFound('USER_NOT_FOUND', `User ${id}`);
    return user;
  }

  /** Ordered by id; `after` is the last id of the previous page. */
  list(limit: number, after?: string): Promise<UserEntity[]> {
    return this.users.find({ where: after ? { id: MoreThan(after) } : {}, order: { id: 'ASC' }, take: limit });
  }

  async create(input: NewUser): Promise<UserEntity> {
    if (await this.users.existsBy({ username: input.username })) {
      throw new ApiError(409, 'USER_EXISTS', `User "${input.username}" already exists`, [{ field: 'username', rule: 'unique', message: 'is taken' }]);
    }
    if (input.email) await this.assertEmailFree(input.email);
    const now = new Date();
    const user = this.users.create({ id: randomUUID(), username: input.username, email: input.email ?? null, passwordHash: await hashPassword(input.password), role: input.role, disabled: false, createdAt: now, updatedAt: now });
    await this.users.insert(user);
    return user;
  }

  async update(id: string, patch: UserPatch): Promise<UserEntity> {
    const user = await this.get(id);
    const previousRole = user.role;
    const losesAdmin = user.role === 'admin' && !user.disabled && ((patch.role !== undefined && patch.role !== 'admin') || patch.disabled === true);
    if (losesAdmin) await this.assertAnotherAdmin(id);
    if (patch.email && patch.email !== user.email) await this.assertEmailFree(patch.email);
    if (patch.email !== undefined) user.email = patch.email;
    if (patch.role !== undefined) user.role = patch.role;
    if (patch.disabled !== undefined) user.disabled = patch.disabled;
    if (patch.password !== undefined) user.passwordHash = await hashPassword(patch.password);
    user.updatedAt = new Date();
    await this.users.save(user);
    // A disabled user or a new password ends every session at once; keys stop with their owner.
    if (patch.disabled === true || patch.password !== undefined) await this.revokeSessions(id);
    this.status.evict(id);
    // Live connections carry the old role or status: they end and reconnect with the new one.
    if (patch.disabled === true || patch.password !== undefined || (patch.role !== undefined && patch.role !== previousRole)) this.revocations.announce({ userId: id });
    return user;
  }

  async remove(id: string): Promise<void> {
    const user = await this.get(id);
    if (user.role === 'admin' && !user.disabled) await this.assertAnotherAdmin(id);
    await this.users.manager.transaction(async (tx) => {
      await tx.delete(RefreshSessionEntity, { userId: id });
      await tx.delete(ApiKeyEntity, { userId: id });
      await tx.delete(UserEntity, { id });
    });
    this.status.evict(id);
    this.revocations.announce({ userId: id });
  }

  async revokeSessions(userId: string): Promise<void> {
    await this.sessions.update({ userId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /**
   * Creates the first admin when there is none: from ADMIN_USERNAME/ADMIN_PASSWORD, or (development
   * only, refused in production by the config) with a generated password printed once.
   */
  async ensureFirstAdmin(): Promise<{ username: string; generatedPassword?: string } | null> {
    if (await this.users.existsBy({ role: 'admin' })) return null;
    const password = this.config.adminPassword ?? generatedPassword();
    await this.create({ username: this.config.adminUsername, email: this.config.adminEmail ?? null, password, role: 'admin' });
    this.logger.log(`Created the first admin "${this.config.adminUsername}"`);
    return { username: this.config.adminUsername, generatedPassword: this.config.adminPassword ? undefined : password };
  }

  private async assertEmailFree(email: string): Promise<void> {
    if (await this.users.existsBy({ email })) {
      throw new ApiError(409, 'USER_EXISTS', 'That email is already used', [{ field: 'email', rule: 'unique', message: 'is taken' }]);
    }
  }

  private async assertAnotherAdmin(id: string): Promise<void> {
    const admins = await this.users.find({ where: { role: 'admin', disabled: false }, select: { id: true }, take: 2 });
    if (admins.every((a) => a.id === id)) {
      throw new ApiError(409, 'LAST_ADMIN', 'This is the last active admin; promote another user first', [{ field: 'id', rule: 'lastAdmin', message: 'is the last active admin' }]);
    }
  }
}
