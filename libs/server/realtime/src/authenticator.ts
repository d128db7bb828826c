import { Inject, Injectable } from '@nestjs/common';
import { Authenticator, type Credentials, type RequestPrincipal } from '@neurograph/server-auth';
import { SERVER_CONFIG, type ServerConfig } from '@neurograph/server-config';
import { ApiError } from '@neurograph/server-http';

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

/** The REST API's identities, except that anonymous connections may be refused altogether. */
@Injectable()
export class RealtimeAuthenticator {
  constructor(
    private readonly authenticator: Authenticator,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
  ) {}

  async authenticate(credentials: Credentials): Promise<RequestPrincipal> {
    const principal = await this.authenticator.authenticate(credentials);
    if (principal.kind === 'anonymous' && !this.config.allowAnonymousRead) throw new ApiError(401, 'AUTHENTICATION_REQUIRED', 'Send a token or an API key: anonymous connections are not allowed');
    return principal;
  }
}
