import type { Credentials, RequestPrincipal } from '@neurograph/server-auth';
import { ApiError } from '@neurograph/server-http';

export const SIGNAL_INGEST = Symbol('SIGNAL_INGEST');

/** Where a `signal` event sent over a socket is processed: the engine of this process, or the api's. */
export interface SignalIngest {
  emit(input: Record<string, unknown>, principal: RequestPrincipal, credentials: Credentials): Promise<unknown>;
}

/**
 * A standalone gateway has no engine: it forwards the signal to the api with the client's own
 * credentials, so the api authorizes, rate-limits and processes it exactly as if posted there.
 */
export class HttpSignalIngest implements SignalIngest {
  constructor(private readonly apiUrl: string | undefined) {}

  async emit(input: Record<string, unknown>, _principal: RequestPrincipal, credentials: Credentials): Promise<unknown> {
    if (!this.apiUrl) throw new ApiError(503, 'NOT_AVAILABLE', 'This gateway has no API_URL to forward signals to; post them to the api');
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (credentials.apiKey) headers['x-api-key'] = credentials.apiKey;
    else if (credentials.token) headers.authorization = `Bearer ${credentials.token}`;
    let response: Response;
    try {
      response = await fetch(new URL('/api/v1/signals', this.apiUrl), { method: 'POST', headers, body: JSON.stringify(input), signal: AbortSignal.timeout(10_000) });
    } catch {
      throw new ApiError(503, 'DEPENDENCY_UNAVAILABLE', 'The api did not answer; retry shortly', [], 1000);
    }
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (response.ok) return body;
    const retryAfterMs = typeof body.retryAfterMs === 'number' ? body.retryAfterMs : undefined;
    throw new ApiError(response.status, String(body.code ?? 'UPSTREAM_ERROR'), String(body.detail ?? 'The api refused the signal'), (body.errors as ApiError['errors']) ?? [], retryAfterMs);
  }
}
