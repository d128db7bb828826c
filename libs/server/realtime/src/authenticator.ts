import { Inject, Injectable } from '@nestjs/common';
import { anonymousPrincipal, ApiKeysService, looksLikeApiKey, type RequestPrincipal, SessionsService } from '@neurograph/server-auth';
import { SERVER_CONFIG, type ServerConfig } from '@neurograph/server-config';
import { ApiError } from '@neurograph/server-http';
import type { Credentials } from './session.js';

const MAX_CREDENTIAL_LENGTH = 4096;

/** Reads `{token}` or `{apiKey}` from a handshake or a message; anything else is named precisely. */
export function credentialsFrom(value: unknown, field: string): Credentials {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw ApiError.validation(field, 'type', 'must be an object such as {token} or {apiKey}');
  const { token, apiKey } = value as Record<string, unknown>;
  for (const [name, v] of [['token', token], ['apiKey', apiKey]] as const) {
    if (v !== undefined && (typeof v !== 'string' || v.length === 0 || v.length > MAX_CREDENTIAL_LENGTH)) {
      throw ApiError.validation(`${field}.${name}`, 'type', `must be a non-empty string of at most ${MAX_CREDENTIAL_LENGTH} characters`);
    }
  }
  return { token: token as string | undefined, apiKey: apiKey as string | undefined };
}

/** The same identities as the REST API: access tokens, API keys, or anonymous where allowed. */
@Injectable()
export class RealtimeAuthenticator {
  constructor(
    private readonly sessions: SessionsService,
    private readonly apiKeys: ApiKeysService,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
  ) {}

  authenticate(credentials: Credentials): Promise<RequestPrincipal> {
    if (credentials.apiKey) return this.apiKeys.authenticate(credentials.apiKey);
    if (credentials.token) return looksLikeApiKey(credentials.token) ? this.apiKeys.authenticate(credentials.token) : this.sessions.authenticate(credentials.token);
    if (!this.config.allowAnonymousRead) return Promise.reject(new ApiError(401, 'AUTHENTICATION_REQUIRED', 'Send a token or an API key: anonymous connections are not allowed'));
    return Promise.resolve(anonymousPrincipal(true));
  }
}
