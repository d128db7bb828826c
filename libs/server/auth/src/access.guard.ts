import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Permission } from '@neurograph/rbac';
import { SERVER_CONFIG, type ServerConfig } from '@neurograph/server-config';
import { ApiError, type BucketSpec, PERMISSION_KEY, PUBLIC_KEY, type RateLimiter } from '@neurograph/server-http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticator } from './authenticator.js';
import { anonymousPrincipal, principalKey, type RequestPrincipal } from './principal.js';

export const RATE_LIMITER = Symbol('RATE_LIMITER');

/**
 * The one gate of every HTTP route, in order: who is calling (JWT, API key or nobody), whether
 * their bucket has a token left, and whether they hold the route's declared permission.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { principal?: RequestPrincipal }>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) === true;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, targets);

    const principal = await this.identify(request).catch((error: unknown) => {
      // Public routes (login, health) still answer callers whose old token is no longer valid.
      if (isPublic) return anonymousPrincipal(true);
      throw error;
    });
    request.principal = principal;
    await this.limit(principal, request, reply);

    if (isPublic) return true;
    if (!permission) throw new ApiError(403, 'ROUTE_NOT_DECLARED', 'This route declares no permission, so it is closed');
    if (principal.permissions.has(permission)) return true;
    if (principal.kind === 'anonymous') throw new ApiError(401, 'AUTHENTICATION_REQUIRED', `Sign in or send an API key: this route needs ${permission}`);
    throw new ApiError(403, 'FORBIDDEN', `This route needs the permission ${permission}`, [{ field: 'permission', rule: 'granted', message: `${permission} is not granted` }]);
  }

  private identify(request: FastifyRequest): Promise<RequestPrincipal> {
    const apiKey = request.headers['x-api-key'];
    if (typeof apiKey === 'string') return this.authenticator.authenticate({ apiKey }).catch(blame('x-api-key'));
    const authorization = request.headers.authorization;
    if (authorization === undefined) return this.authenticator.authenticate({});
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) return Promise.reject(new ApiError(401, 'INVALID_TOKEN', 'Authorization must be "Bearer <token>"', [{ field: 'authorization', rule: 'scheme', message: 'must be Bearer' }]));
    return this.authenticator.authenticate({ token: match[1] }).catch(blame('authorization'));
  }

  private async limit(principal: RequestPrincipal, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const spec: BucketSpec =
      principal.kind === 'anonymous'
        ? { ratePerSecond: this.config.anonymousRateLimitPerSecond, burst: this.config.anonymousRateLimitPerSecond * 2 }
        : { ratePerSecond: principal.rateLimitPerSecond ?? this.config.rateLimitPerSecond, burst: principal.rateLimitPerSecond ? principal.rateLimitPerSecond * 2 : this.config.rateLimitBurst };
    const decision = await this.limiter.take(principalKey(principal, request.ip), spec).catch(() => {
      throw new ApiError(503, 'DEPENDENCY_UNAVAILABLE', 'The rate-limit store is unreachable; retry shortly', [], 1000);
    });
    reply.header('ratelimit-limit', String(spec.burst)).header('ratelimit-remaining', String(decision.remaining)).header('ratelimit-reset', String(Math.ceil(decision.resetMs / 1000)));
    if (!decision.allowed) throw new ApiError(429, 'RATE_LIMITED', `Too many requests; retry in ${decision.retryAfterMs} ms`, [], decision.retryAfterMs);
  }
}

/**
 * A refused credential names the header it came in, as every problem names its field (the
 * authenticator serves sockets too, where the same credentials travel in the handshake).
 */
function blame(header: 'authorization' | 'x-api-key') {
  return (error: unknown): never => {
    if (error instanceof ApiError && error.status === 401 && error.errors.length === 0) throw new ApiError(401, error.code, error.message, [{ field: header, rule: 'valid', message: error.message }]);
    throw error;
  };
}
