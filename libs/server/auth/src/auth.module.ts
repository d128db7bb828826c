import { createSecretKey } from 'node:crypto';
import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { SERVER_CONFIG, type ServerConfig } from '@neurograph/server-config';
import { MemoryRateLimiter, type RateLimiter, RedisRateLimiter } from '@neurograph/server-http';
import { Readiness } from '@neurograph/server-observability';
import Redis from 'ioredis';
import { AccessGuard, RATE_LIMITER } from './access.guard.js';
import { ApiKeysService } from './api-keys.service.js';
import { AuditService } from './audit.service.js';
import { Authenticator } from './authenticator.js';
import { resolveJwtSecret } from './jwt-secret.js';
import { Revocations } from './revocations.js';
import { JWT_ALGORITHM, SessionsService } from './sessions.service.js';
import { UsersService } from './users.service.js';

/** Users, sessions, API keys, audit, and the global guard that authenticates, limits and authorizes. */
@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [SERVER_CONFIG],
      useFactory: (config: ServerConfig) => {
        // A KeyObject, not a string: given a string, jsonwebtoken first tries to parse it as a
        // public key on every verify, which was the largest cost of an authenticated request.
        const key = createSecretKey(Buffer.from(resolveJwtSecret(config)));
        return { secretOrKeyProvider: () => key, signOptions: { algorithm: JWT_ALGORITHM }, verifyOptions: { algorithms: [JWT_ALGORITHM] } };
      },
    }),
  ],
  providers: [
    UsersService,
    SessionsService,
    ApiKeysService,
    Authenticator,
    AuditService,
    Revocations,
    {
      provide: RATE_LIMITER,
      inject: [SERVER_CONFIG],
      // Redis shares the buckets between replicas; one process keeps them in memory.
      useFactory: (config: ServerConfig) => (config.redisUrl ? new RedisRateLimiter(new Redis(config.redisUrl, { maxRetriesPerRequest: 1 }), `${config.redisPrefix}rl:`) : new MemoryRateLimiter()),
    },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [UsersService, SessionsService, ApiKeysService, Authenticator, AuditService, Revocations, RATE_LIMITER],
})
export class AuthModule implements OnApplicationShutdown {
  constructor(
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(SERVER_CONFIG) config: ServerConfig,
    readiness: Readiness,
  ) {
    if (config.redisUrl) readiness.register('redis', () => limiter.ping());
  }

  async onApplicationShutdown(): Promise<void> {
    await this.limiter.close();
  }
}
