import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { ApiKey, CreatedApiKey } from '@neurograph/contracts';
import { InjectRepository } from '@nestjs/typeorm';
import { isRole, type Permission, permissionsOf } from '@neurograph/rbac';
import { ApiError } from '@neurograph/server-http';
import { ApiKeyEntity } from '@neurograph/server-persistence';
import { MoreThan, type Repository } from 'typeorm';
import { Revocations } from './revocations.js';
import { FreshnessCache } from './freshness-cache.js';
import type { RequestPrincipal } from './principal.js';
import { newApiKey, sha256 } from './secrets.js';
import { UsersService } from './users.service.js';

export interface NewApiKey {
  name: string;
  scopes?: Permission[];
  expiresAt?: Date;
  rateLimitPerSecond?: number;
}

/** Characters of the key kept in clear so people can tell their keys apart. */
const PREFIX_LENGTH = 12;
const LAST_USED_RESOLUTION_MS = 60_000;

/** What clients see of a key: never its hash, and the key itself only once, at creation. */
export function publicApiKey(key: ApiKeyEntity): ApiKey {
  return {
    id: key.id,
    userId: key.userId,
    name: key.name,
    prefix: key.prefix,
    scopes: key.scopes as Permission[],
    rateLimitPerSecond: key.rateLimitPerSecond,
    expiresAt: key.expiresAt?.toISOString() ?? null,
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    revoked: key.revokedAt !== null,
    createdAt: key.createdAt.toISOString(),
  };
}

const notFound = (id: string) => ApiError.notFound('API_KEY_NOT_FOUND', `API key ${id}`);

@Injectable()
export class ApiKeysService {
  private readonly byHash = new FreshnessCache<ApiKeyEntity | null>(2000);

  constructor(
    @InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>,
    private readonly users: UsersService,
    private readonly revocations: Revocations,
  ) {}

  /** Creates a key whose scopes never exceed its owner's permissions; the key itself is returned only here. */
  async create(owner: RequestPrincipal, input: NewApiKey): Promise<CreatedApiKey> {
    if (!owner.userId || !isRole(owner.role)) throw new ApiError(403, 'FORBIDDEN', 'Only signed-in users create API keys');
    const scopes = input.scopes ?? [...owner.permissions];
    const beyond = scopes.flatMap((scope, index) => (owner.permissions.has(scope) ? [] : [{ field: `scopes.${index}`, rule: 'subset', message: `${scope} is not a permission of the owner` }]));
    if (beyond.length > 0) throw new ApiError(403, 'SCOPE_EXCEEDS_ROLE', 'A key cannot hold more than its owner', beyond);
    if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) throw ApiError.validation('expiresAt', 'future', 'must be in the future');
    const key = newApiKey();
    const entity = this.keys.create({
      id: randomUUID(),
      userId: owner.userId,
      name: input.name,
      prefix: key.slice(0, PREFIX_LENGTH),
      keyHash: sha256(key),
      scopes: [...new Set(scopes)],
      rateLimitPerSecond: input.rateLimitPerSecond ?? null,
      expiresAt: input.expiresAt ?? null,
      lastUsedAt: null,
      revokedAt: null,
      createdAt: new Date(),
    });
    await this.keys.insert(entity);
    return { key, apiKey: publicApiKey(entity) };
  }

  /** The caller's own keys, or everyone's for a key administrator asking for all. */
  list(principal: RequestPrincipal, all: boolean, limit: number, after?: string): Promise<ApiKeyEntity[]> {
    if (all && !principal.permissions.has('apikeys:admin')) throw new ApiError(403, 'FORBIDDEN', 'Listing every key needs apikeys:admin');
    const where = { ...(all ? {} : { userId: principal.userId ?? '' }), ...(after ? { id: MoreThan(after) } : {}) };
    return this.keys.find({ where, order: { id: 'ASC' }, take: limit });
  }

  async get(principal: RequestPrincipal, id: string): Promise<ApiKeyEntity> {
    const key = await this.keys.findOneBy({ id });
    // Someone else's key is reported missing, not forbidden, so ids cannot be probed.
    if (!key || (key.userId !== principal.userId && !principal.permissions.has('apikeys:admin'))) throw notFound(id);
    return key;
  }

  async revoke(principal: RequestPrincipal, id: string): Promise<ApiKeyEntity> {
    const key = await this.get(principal, id);
    if (!key.revokedAt) {
      key.revokedAt = new Date();
      await this.keys.update({ id }, { revokedAt: key.revokedAt });
    }
    this.byHash.evict(key.keyHash);
    this.revocations.announce({ apiKeyId: id });
    return key;
  }

  async remove(principal: RequestPrincipal, id: string): Promise<void> {
    const key = await this.get(principal, id);
    await this.keys.delete({ id });
    this.byHash.evict(key.keyHash);
    this.revocations.announce({ apiKeyId: id });
  }

  /** The principal of a valid key: its owner's role narrowed to the key's scopes. */
  async authenticate(key: string): Promise<RequestPrincipal> {
    const hash = sha256(key);
    const entity = await this.byHash.get(hash, () => this.keys.findOneBy({ keyHash: hash }));
    if (!entity || entity.revokedAt) throw new ApiError(401, 'INVALID_API_KEY', 'The API key is unknown or revoked');
    if (entity.expiresAt && entity.expiresAt.getTime() <= Date.now()) throw new ApiError(401, 'INVALID_API_KEY', 'The API key has expired');
    const owner = await this.users.current(entity.userId);
    if (!owner || owner.disabled || !isRole(owner.role)) throw new ApiError(401, 'INVALID_API_KEY', "The API key's owner is disabled");
    this.touch(entity);
    return {
      kind: 'apiKey',
      userId: owner.id,
      username: owner.username,
      role: owner.role,
      permissions: permissionsOf(owner.role, entity.scopes as Permission[]),
      apiKeyId: entity.id,
      rateLimitPerSecond: entity.rateLimitPerSecond ?? undefined,
      expiresAt: entity.expiresAt?.getTime(),
    };
  }

  /** `lastUsedAt` to the minute: one write per key per minute, never on the request's path. */
  private touch(entity: ApiKeyEntity): void {
    const now = new Date();
    if (entity.lastUsedAt && now.getTime() - entity.lastUsedAt.getTime() < LAST_USED_RESOLUTION_MS) return;
    entity.lastUsedAt = now;
    this.keys.update({ id: entity.id }, { lastUsedAt: now }).catch(() => undefined);
  }
}
