import type { ProblemDetails } from '@neurograph/contracts';
import { errorFromProblem, NetworkError, NeuroGraphError, RateLimitError, TimeoutError } from './errors.js';
import { backoffDelay, parseRetryAfter, RETRYABLE_STATUS, type RetryPolicy, sleep } from './retry.js';

export interface Logger {
  debug?(message: string, meta?: Record<string, unknown>): void;
  warn?(message: string, meta?: Record<string, unknown>): void;
}

/** Per-call options every resource method accepts as its last argument. */
export interface CallOptions {
  /** Overrides the client's retry count for this call. */
  retries?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface RequestSpec extends CallOptions {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | Date | undefined>;
  body?: unknown;
  /** A POST that is safe to repeat (it carries an idempotency key, such as a signal's client id). */
  idempotent?: boolean;
  /** False for the calls that obtain credentials themselves (login, refresh). */
  authenticate?: boolean;
}

/** Where requests get their credentials; implemented by the auth session. */
export interface CredentialSource {
  headers(): Promise<Record<string, string>>;
  /** After a 401: renew the credentials once; false when there is nothing to renew. */
  renew(rejected?: Record<string, string>): Promise<boolean>;
}

export interface HttpOptions {
  apiUrl: string;
  fetch: typeof fetch;
  timeoutMs: number;
  retry: RetryPolicy;
  logger?: Logger;
}

const IDEMPOTENT_METHODS = new Set(['GET', 'PUT', 'DELETE']);

/** JSON over fetch: timeouts, problem documents turned into error classes, opt-in retries, one renewal on 401. */
export class Http {
  credentials: CredentialSource | undefined;

  constructor(readonly options: HttpOptions) {}

  async request<T>(spec: RequestSpec): Promise<T> {
    const retries = spec.retries ?? this.options.retry.retries;
    const repeatable = spec.idempotent === true || IDEMPOTENT_METHODS.has(spec.method);
    let renewed = false;
    for (let attempt = 0; ; attempt++) {
      const auth = spec.authenticate === false || !this.credentials ? {} : await this.credentials.headers();
      try {
        return await this.once<T>(spec, auth);
      } catch (error) {
        if (error instanceof NeuroGraphError && error.status === 401 && !renewed && this.credentials && spec.authenticate !== false) {
          renewed = true;
          if (await this.credentials.renew(auth)) {
            attempt--;
            continue;
          }
        }
        const wait = this.retryDelay(error, repeatable, attempt, retries);
        if (wait === undefined) throw error;
        this.options.logger?.debug?.('neurograph: retrying', { method: spec.method, path: spec.path, attempt: attempt + 1, waitMs: wait });
        await sleep(wait, spec.signal);
      }
    }
  }

  private retryDelay(error: unknown, repeatable: boolean, attempt: number, retries: number): number | undefined {
    if (!repeatable || attempt >= retries || !(error instanceof NeuroGraphError)) return undefined;
    const transient = error instanceof NetworkError || error instanceof TimeoutError || RETRYABLE_STATUS.has(error.status);
    if (!transient) return undefined;
    // The server knows best when it can take the request again.
    return (error instanceof RateLimitError ? error.retryAfterMs : undefined) ?? backoffDelay(this.options.retry, attempt);
  }

  private async once<T>(spec: RequestSpec, auth: Record<string, string>): Promise<T> {
    const timeoutMs = spec.timeoutMs ?? this.options.timeoutMs;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new TimeoutError(`${spec.method} ${spec.path}: no answer within ${timeoutMs} ms`, { status: 0, code: 'TIMEOUT' })), timeoutMs);
    const cancel = () => controller.abort(spec.signal?.reason);
    spec.signal?.addEventListener('abort', cancel, { once: true });
    const headers: Record<string, string> = { accept: 'application/json', ...auth };
    if (spec.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    let text: string;
    try {
      response = await this.options.fetch(this.url(spec), { method: spec.method, headers, body: spec.body === undefined ? undefined : JSON.stringify(spec.body), signal: controller.signal });
      text = await response.text();
    } catch (error) {
      // Aborted by our time limit (a TimeoutError) or by the caller's signal (its reason).
      if (controller.signal.aborted) throw controller.signal.reason;
      throw new NetworkError(`${spec.method} ${spec.path}: ${(error as Error).message}`, { status: 0, code: 'NETWORK_ERROR', cause: error });
    } finally {
      clearTimeout(timer);
      spec.signal?.removeEventListener('abort', cancel);
    }
    const body = text ? safeJson(text) : undefined;
    if (response.ok) return body as T;
    throw this.failure(response, body, spec);
  }

  private failure(response: Response, body: unknown, spec: RequestSpec): NeuroGraphError {
    const requestId = response.headers.get('x-request-id') ?? undefined;
    const problem: ProblemDetails = isProblem(body)
      ? body
      : { type: 'about:blank', title: response.statusText, status: response.status, code: `HTTP_${response.status}`, detail: `${spec.method} ${spec.path} answered ${response.status}` };
    return errorFromProblem(problem, requestId, parseRetryAfter(response.headers.get('retry-after')) ?? problem.retryAfterMs);
  }

  private url(spec: RequestSpec): string {
    const url = new URL(this.options.apiUrl + spec.path);
    for (const [key, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, value instanceof Date ? value.toISOString() : String(value));
    }
    return url.toString();
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isProblem(body: unknown): body is ProblemDetails {
  return typeof body === 'object' && body !== null && typeof (body as ProblemDetails).code === 'string' && typeof (body as ProblemDetails).status === 'number';
}
