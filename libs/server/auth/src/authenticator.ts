import { timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SERVER_CONFIG, type ServerConfig } from '@neurograph/server-config';
import { ApiKeysService } from './api-keys.service.js';
import { anonymousPrincipal, type RequestPrincipal } from './principal.js';
import { looksLikeApiKey } from './secrets.js';
import { SessionsService } from './sessions.service.js';

/** What a caller presents, however it travelled (HTTP headers, a socket handshake, a message). */
export interface Credentials {
  token?: string;
  apiKey?: string;
}

/** The one answer to "who is this": an API key (also accepted as a bearer token), an access token, or nobody. */
@Injectable()
export class Authenticator {
  constructor(
    private readonly sessions: SessionsService,
    private readonly apiKeys: ApiKeysService,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
  ) {}

  authenticate(credentials: Credentials): Promise<RequestPrincipal> {
    if (credentials.apiKey !== undefined) return this.apiKeys.authenticate(credentials.apiKey);
    if (credentials.token !== undefined && this.isMetricsToken(credentials.token)) return Promise.resolve(metricsScraper());
    if (credentials.token !== undefined) return looksLikeApiKey(credentials.token) ? this.apiKeys.authenticate(credentials.token) : this.sessions.authenticate(credentials.token);
    return Promise.resolve(anonymousPrincipal(this.config.allowAnonymousRead));
  }

  private isMetricsToken(token: string): boolean {
    if (this.config.metricsToken === undefined) return false;
    const given = Buffer.from(token);
    const expected = Buffer.from(this.config.metricsToken);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

/** Whoever presents `METRICS_TOKEN`: Prometheus, allowed to read metrics and nothing else. */
function metricsScraper(): RequestPrincipal {
  return { kind: 'apiKey', apiKeyId: 'metrics-token', userId: null, username: 'metrics', role: 'viewer', permissions: new Set(['metrics:read']) };
}
