import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { isRole } from '@neurograph/rbac';
import { SERVER_CONFIG, type ServerConfig } from '@neurograph/server-config';
import { ApiError } from '@neurograph/server-http';
import { RefreshSessionEntity, type UserEntity } from '@neurograph/server-persistence';
import { IsNull, type Repository } from 'typeorm';
import { FreshnessCache } from './freshness-cache.js';
import { type RequestPrincipal, userPrincipal } from './principal.js';
import { hashPassword, randomSecret, sha256, verifyPassword } from './secrets.js';
import { Revocations } from './revocations.js';
import { publicUser, UsersService } from './users.service.js';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

interface AccessClaims {
  sub: string;
  role: string;
  jti: string;
  /** The refresh-token family: logging out revokes it, and with it every access token it issued. */
  sid: string;
  /** Set by the signer from `expiresIn`. */
  exp?: number;
}

export const JWT_ALGORITHM = 'HS256';
const VERIFIED_TOKENS = 10_000;

const unauthorized = (code: string, detail: string) => new ApiError(401, code, detail);

@Injectable()
export class SessionsService {
  private readonly revokedFamilies = new FreshnessCache<boolean>(2000);
  /** Access tokens whose signature was already checked, until they expire: checking one again is a lookup. */
  private readonly verified = new Map<string, AccessClaims>();
  // Verified when the user does not exist, so a wrong username costs as long as a wrong password.
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly jwt: JwtService,
    private readonly users: UsersService,
    @InjectRepository(RefreshSessionEntity) private readonly sessions: Repository<RefreshSessionEntity>,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    private readonly revocations: Revocations,
  ) {}

  async login(username: string, password: string) {
    const user = await this.users.findByUsername(username);
    this.dummyHash ??= hashPassword(randomSecret());
    const valid = await verifyPassword(user?.passwordHash ?? (await this.dummyHash), password);
    if (!user || !valid || user.disabled) throw unauthorized('INVALID_CREDENTIALS', 'Wrong username or password, or the account is disabled');
    const tokens = await this.issue(user, randomUUID());
    const { id, username: name, email, role } = publicUser(user);
    return { ...tokens, user: { id, username: name, email, role } };
  }

  /** Rotates a refresh token; presenting one that was already rotated revokes its whole family. */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const session = await this.sessions.findOneBy({ tokenHash: sha256(refreshToken) });
    if (!session || session.revokedAt) throw unauthorized('INVALID_REFRESH_TOKEN', 'The refresh token is unknown or revoked');
    if (session.expiresAt.getTime() <= Date.now()) throw unauthorized('INVALID_REFRESH_TOKEN', 'The refresh token has expired');
    // Only one caller can rotate a token: the conditional update decides races too.
    const rotated = await this.sessions.update({ id: session.id, rotatedAt: IsNull(), revokedAt: IsNull() }, { rotatedAt: new Date() });
    if (rotated.affected !== 1) {
      await this.revokeFamily(session.familyId);
      throw unauthorized('REFRESH_TOKEN_REUSED', 'This refresh token was already used; every session of this login is now revoked');
    }
    const user = await this.users.current(session.userId);
    if (!user || user.disabled) throw unauthorized('INVALID_REFRESH_TOKEN', 'The account is disabled');
    return this.issue(user, session.familyId);
  }

  async logout(principal: RequestPrincipal, refreshToken?: string): Promise<void> {
    if (principal.sessionId) await this.revokeFamily(principal.sessionId);
    if (refreshToken) {
      const session = await this.sessions.findOneBy({ tokenHash: sha256(refreshToken), userId: principal.userId ?? undefined });
      if (session) await this.revokeFamily(session.familyId);
    }
  }

  /** The principal of a valid access token, or a 401 naming why not. */
  async authenticate(token: string): Promise<RequestPrincipal> {
    let claims: AccessClaims;
    try {
      claims = await this.verify(token);
    } catch (error) {
      const expired = (error as Error).name === 'TokenExpiredError';
      throw unauthorized(expired ? 'TOKEN_EXPIRED' : 'INVALID_TOKEN', expired ? 'The access token has expired' : 'The access token is invalid');
    }
    const [user, revoked] = await Promise.all([this.users.current(claims.sub), this.familyRevoked(claims.sid)]);
    if (!user || user.disabled || revoked || !isRole(user.role)) throw unauthorized('INVALID_TOKEN', 'The session has ended');
    return userPrincipal({ id: user.id, username: user.username, role: user.role }, claims.sid, claims.exp === undefined ? undefined : claims.exp * 1000);
  }

  private async verify(token: string): Promise<AccessClaims> {
    const known = this.verified.get(token);
    if (known?.exp !== undefined && known.exp * 1000 > Date.now()) return known;
    const claims = await this.jwt.verifyAsync<AccessClaims>(token, { algorithms: [JWT_ALGORITHM] });
    if (this.verified.size >= VERIFIED_TOKENS) this.verified.clear();
    this.verified.set(token, claims);
    return claims;
  }

  private async issue(user: UserEntity, familyId: string): Promise<TokenPair> {
    const refreshToken = randomSecret(32);
    const now = Date.now();
    await this.sessions.insert({ id: randomUUID(), userId: user.id, familyId, tokenHash: sha256(refreshToken), expiresAt: new Date(now + this.config.refreshTokenTtlS * 1000), rotatedAt: null, revokedAt: null, createdAt: new Date(now) });
    const claims: AccessClaims = { sub: user.id, role: user.role, jti: randomUUID(), sid: familyId };
    const accessToken = await this.jwt.signAsync(claims, { algorithm: JWT_ALGORITHM, expiresIn: this.config.accessTokenTtlS });
    return { accessToken, refreshToken, tokenType: 'Bearer', expiresIn: this.config.accessTokenTtlS };
  }

  private async revokeFamily(familyId: string): Promise<void> {
    await this.sessions.update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
    this.revokedFamilies.evict(familyId);
    this.revocations.announce({ sessionId: familyId });
  }

  private familyRevoked(familyId: string): Promise<boolean> {
    return this.revokedFamilies.get(familyId, async () => (await this.sessions.countBy({ familyId, revokedAt: IsNull() })) === 0);
  }
}
