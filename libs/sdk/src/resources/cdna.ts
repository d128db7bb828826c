import type {
  Cdna,
  CdnaHistoryEntry,
  CdnaImportRequest,
  CdnaProfile,
  CdnaSettings,
  CdnaState,
  CdnaUpdateRequest,
  CdnaValidateRequest,
  CdnaValidation,
  Page,
  ProfileName,
  QuarantineRequest,
  QuarantineStatus,
  QuarantineStopRequest,
} from '@neurograph/contracts';
import type { CallOptions, Http } from '../http.js';

export class CdnaResource {
  /** @internal Built by `NeuroGraph`. */
  constructor(private readonly http: Http) {}

  get(options?: CallOptions): Promise<CdnaState> {
    return this.http.request({ method: 'GET', path: '/cdna', ...options });
  }
  /** Changes the constitution (a new version); a ValidationError names each refused field. */
  update(cdna: Partial<CdnaSettings>, reason?: string, options?: CallOptions): Promise<Cdna> {
    return this.http.request({ method: 'PUT', path: '/cdna', body: { cdna, reason } satisfies CdnaUpdateRequest, ...options });
  }
  profiles(options?: CallOptions): Promise<{ profiles: CdnaProfile[] }> {
    return this.http.request({ method: 'GET', path: '/cdna/profiles', ...options });
  }
  applyProfile(name: ProfileName, options?: CallOptions): Promise<Cdna> {
    return this.http.request({ method: 'POST', path: `/cdna/profiles/${encodeURIComponent(name)}/apply`, ...options });
  }
  validate(cdna: Partial<CdnaSettings>, options?: CallOptions): Promise<CdnaValidation> {
    return this.http.request({ method: 'POST', path: '/cdna/validate', body: { cdna } satisfies CdnaValidateRequest, idempotent: true, ...options });
  }
  history(query: { limit?: number; beforeVersion?: number } = {}, options?: CallOptions): Promise<Page<CdnaHistoryEntry>> {
    return this.http.request({ method: 'GET', path: '/cdna/history', query, ...options });
  }
  /** Goes back to an earlier version (as a new version). */
  rollback(version: number, options?: CallOptions): Promise<Cdna> {
    return this.http.request({ method: 'POST', path: `/cdna/rollback/${version}`, ...options });
  }
  /** Runs a candidate CDNA for `durationMs`, then returns to the baseline unless stopped with `apply`. */
  startQuarantine(cdna: Partial<CdnaSettings>, durationMs?: number, options?: CallOptions): Promise<QuarantineStatus> {
    return this.http.request({ method: 'POST', path: '/cdna/quarantine', body: { cdna, durationMs } satisfies QuarantineRequest, ...options });
  }
  stopQuarantine(apply: boolean, options?: CallOptions): Promise<Cdna> {
    return this.http.request({ method: 'POST', path: '/cdna/quarantine/stop', body: { apply } satisfies QuarantineStopRequest, ...options });
  }
  export(options?: CallOptions): Promise<Record<string, unknown>> {
    return this.http.request({ method: 'GET', path: '/cdna/export', ...options });
  }
  import(document: Record<string, unknown>, options?: CallOptions): Promise<Cdna> {
    return this.http.request({ method: 'POST', path: '/cdna/import', body: { document } satisfies CdnaImportRequest, ...options });
  }
}
