import type { BatchResponse, Page, SignalQuery, SignalRecord, SignalRequest, SignalResult, TextSignalRequest } from '@neurograph/contracts';
import type { CallOptions, Http } from '../http.js';
import { paginate } from '../paginate.js';

/** A client id makes a signal safe to send twice: the server answers a repeat with the first result. */
const withId = <T extends { id?: string }>(signal: T): T => (signal.id ? signal : { ...signal, id: crypto.randomUUID() });

export class SignalsResource {
  /** @internal Built by `NeuroGraph`. */
  constructor(private readonly http: Http) {}

  /** Processes one signal and returns what the engine learned from it. */
  emit(signal: SignalRequest, options?: CallOptions): Promise<SignalResult> {
    return this.http.request({ method: 'POST', path: '/signals', body: withId(signal), idempotent: true, ...options });
  }

  /** A chat message as a signal (sensor `text.chat`). */
  emitText(text: string | TextSignalRequest, options?: CallOptions): Promise<SignalResult> {
    const body = typeof text === 'string' ? { text } : text;
    return this.http.request({ method: 'POST', path: '/signals/text', body: withId(body), idempotent: true, ...options });
  }

  /** Up to 1000 signals in order; each result is a result or `{error}` — valid items are processed regardless. */
  emitBatch(signals: SignalRequest[], options?: CallOptions): Promise<BatchResponse> {
    return this.http.request({ method: 'POST', path: '/signals/batch', body: { signals: signals.map(withId) }, idempotent: true, ...options });
  }

  list(query: SignalQuery = {}, options?: CallOptions): Promise<Page<SignalRecord>> {
    return this.http.request({ method: 'GET', path: '/signals', query: { ...query }, ...options });
  }

  /** Every signal matching the query, newest first, page by page. */
  iterate(query: Omit<SignalQuery, 'cursor'> = {}, options?: CallOptions): AsyncGenerator<SignalRecord> {
    return paginate((cursor) => this.list({ ...query, cursor }, options));
  }

  get(id: string, options?: CallOptions): Promise<SignalRecord> {
    return this.http.request({ method: 'GET', path: `/signals/${encodeURIComponent(id)}`, ...options });
  }
}
