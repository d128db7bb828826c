import type { AuditEntry, BroadcastRequest, ChannelsResponse, Health, Page, PublishAck, SystemStatus } from '@neurograph/contracts';
import type { CallOptions, Http } from '../http.js';

export class SystemResource {
  /** @internal Built by `NeuroGraph`. */
  constructor(private readonly http: Http) {}

  /** `live` (the process answers), `ready` (database, Redis, engine) or `startup`. */
  health(probe: 'live' | 'ready' | 'startup' = 'ready', options?: CallOptions): Promise<Health> {
    return this.http.request({ method: 'GET', path: `/health/${probe}`, ...options });
  }
  status(options?: CallOptions): Promise<SystemStatus> {
    return this.http.request({ method: 'GET', path: '/status', ...options });
  }
  /** Prometheus text exposition (needs metrics:read). */
  async metrics(options?: CallOptions): Promise<string> {
    return this.http.request<string>({ method: 'GET', path: '/metrics', ...options });
  }
  audit(query: { limit?: number; cursor?: string } = {}, options?: CallOptions): Promise<Page<AuditEntry>> {
    return this.http.request({ method: 'GET', path: '/audit', query, ...options });
  }
  /** Real-time channels with their subscriber counts, and the open connections, over every replica (realtime:admin). */
  channels(options?: CallOptions): Promise<ChannelsResponse> {
    return this.http.request({ method: 'GET', path: '/realtime/channels', ...options });
  }
  broadcast(request: BroadcastRequest, options?: CallOptions): Promise<PublishAck & { timestamp: string }> {
    return this.http.request({ method: 'POST', path: '/realtime/broadcast', body: request, ...options });
  }
}
