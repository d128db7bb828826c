import { type FieldIssue, NeuroGraphError } from '../common/errors.js';
import { type Cdna, type CdnaSettings, PROFILE_SETTINGS, PROFILES, type ProfileName, validateCdna } from './cdna.js';

/**
 * The versioned constitution. Every change is validated as a whole, becomes a new version and a
 * history entry (who, when, why, before, after, field diff); rollback re-applies an old version as
 * a new one, so history is append-only. A quarantine tries a change for a while, compares the
 * metrics recorded before and during the trial, and is then applied (a version) or discarded.
 *
 *   const constitution = new Constitution();
 *   constitution.onChange((cdna) => engine.configureLearning(toLearningParameters(cdna)));
 *   constitution.update({ noveltyThreshold: 0.2 }, 'ada', 'fewer novelty alerts');
 *   constitution.rollback(1, 'ada');
 */
export interface CdnaChange {
  field: string;
  /** null when the field did not exist before (the first version). */
  before: unknown;
  after: unknown;
}

export interface CdnaHistoryEntry {
  version: number;
  author: string;
  at: string;
  reason?: string;
  before: Cdna | null;
  after: Cdna;
  diff: CdnaChange[];
}

export interface QuarantineStatus {
  candidate: Cdna;
  baseline: Cdna;
  author: string;
  startedAt: string;
  endsAt: string;
  expired: boolean;
  metrics: Record<string, { before: number | null; during: number | null; change: number | null }>;
}

export type CdnaPatch = Partial<Omit<CdnaSettings, 'quotas'>> & { quotas?: Partial<Cdna['quotas']> };

export interface CdnaEvent {
  type: 'cdna.changed' | 'cdna.quarantine';
  action?: 'started' | 'applied' | 'discarded';
  cdna: Cdna;
  version: number;
  author: string;
}

export const CDNA_EXPORT_FORMAT = 'neurograph.cdna/1';

interface ConstitutionOptions {
  now?: () => number;
  /** History entries kept; the oldest are dropped beyond this (default 1000). */
  maxHistory?: number;
  /** Metric samples kept per metric as the baseline for quarantine comparisons (default 1000). */
  baselineSamples?: number;
}

interface Trial {
  candidate: Cdna;
  baseline: Cdna;
  author: string;
  startedAt: number;
  endsAt: number;
  baselineMeans: Map<string, number>;
  samples: Map<string, number[]>;
}

export class Constitution {
  private active: Cdna;
  private readonly entries: CdnaHistoryEntry[] = [];
  private readonly listeners = new Set<(cdna: Cdna, event: CdnaEvent) => void>();
  private readonly baseline = new Map<string, number[]>();
  private trial: Trial | null = null;
  private readonly now: () => number;
  private maxHistoryEntries: number;
  private readonly baselineSamples: number;

  constructor(initial: CdnaSettings = PROFILE_SETTINGS.balanced, options: ConstitutionOptions = {}) {
    this.now = options.now ?? Date.now;
    this.maxHistoryEntries = options.maxHistory ?? 1000;
    this.baselineSamples = options.baselineSamples ?? 1000;
    const first = this.checked({ ...clone(initial), version: 1, updatedAt: this.iso() });
    this.active = first;
    this.record(null, first, 'system', 'initial constitution');
  }

  get current(): Cdna {
    return clone(this.active);
  }

  /** How many versions history keeps; lowering it drops the oldest at once. */
  set maxHistory(limit: number) {
    this.maxHistoryEntries = limit;
    while (this.entries.length > limit) this.entries.shift();
  }

  /** The active constitution without a copy, for hot paths that only read it. */
  peek(): Readonly<Cdna> {
    return this.active;
  }

  onChange(listener: (cdna: Cdna, event: CdnaEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Merges a patch, validates the whole, and makes it the next version. Invalid → nothing changes. */
  update(patch: CdnaPatch, author: string, reason?: string): Cdna {
    this.refuseDuringQuarantine();
    const next = this.candidateFrom(patch);
    return this.commit(next, author, reason);
  }

  applyProfile(name: ProfileName, author: string): Cdna {
    if (!PROFILES.includes(name)) {
      throw new NeuroGraphError('VALIDATION_FAILED', `Unknown profile "${String(name)}"`, [{ field: 'profile', rule: 'enum', message: `must be one of ${PROFILES.join(', ')}` }]);
    }
    return this.update(clone(PROFILE_SETTINGS[name]), author, `profile ${name}`);
  }

  /** Newest first. */
  history(options: { limit?: number; beforeVersion?: number } = {}): CdnaHistoryEntry[] {
    const limit = options.limit ?? 50;
    return this.entries
      .filter((e) => options.beforeVersion === undefined || e.version < options.beforeVersion)
      .slice(-limit)
      .reverse()
      .map(clone);
  }

  get(version: number): Cdna | undefined {
    const entry = this.entries.find((e) => e.version === version);
    return entry && clone(entry.after);
  }

  /** Re-applies an old version's content as a new version. */
  rollback(version: number, author: string): Cdna {
    this.refuseDuringQuarantine();
    const target = this.get(version);
    if (!target) {
      throw new NeuroGraphError('VALIDATION_FAILED', `No CDNA version ${version} in history`, [{ field: 'version', rule: 'exists', message: 'not in the kept history' }]);
    }
    return this.commit({ ...target, version: this.active.version + 1, updatedAt: this.iso() }, author, `rollback to version ${version}`);
  }

  /** Feeds a metric sample (novelty rate, anomaly mean, …): baseline outside a trial, trial data during one. */
  recordMetric(name: string, value: number): void {
    if (!Number.isFinite(value)) return;
    const series = this.trial ? this.trial.samples : this.baseline;
    const samples = series.get(name) ?? [];
    samples.push(value);
    if (samples.length > this.baselineSamples) samples.shift();
    series.set(name, samples);
  }

  startQuarantine(patch: CdnaPatch, author: string, options: { durationMs: number }): QuarantineStatus {
    this.refuseDuringQuarantine();
    if (!(options?.durationMs > 0) || !Number.isFinite(options.durationMs)) {
      throw new NeuroGraphError('VALIDATION_FAILED', 'durationMs must be a finite number > 0', [{ field: 'durationMs', rule: 'range', message: 'must be a finite number > 0' }]);
    }
    const candidate = this.candidateFrom(patch);
    const started = this.now();
    this.trial = {
      candidate,
      baseline: this.active,
      author,
      startedAt: started,
      endsAt: started + options.durationMs,
      baselineMeans: new Map([...this.baseline].map(([name, samples]) => [name, mean(samples)])),
      samples: new Map(),
    };
    this.active = candidate;
    this.emit({ type: 'cdna.quarantine', action: 'started', cdna: clone(candidate), version: candidate.version, author });
    return this.quarantineStatus() as QuarantineStatus;
  }

  quarantineStatus(): QuarantineStatus | null {
    const t = this.trial;
    if (!t) return null;
    const names = new Set([...t.baselineMeans.keys(), ...t.samples.keys()]);
    const metrics: QuarantineStatus['metrics'] = {};
    for (const name of names) {
      const before = t.baselineMeans.get(name) ?? null;
      const samples = t.samples.get(name);
      const during = samples && samples.length > 0 ? mean(samples) : null;
      metrics[name] = { before, during, change: before !== null && during !== null ? during - before : null };
    }
    return {
      candidate: clone(t.candidate),
      baseline: clone(t.baseline),
      author: t.author,
      startedAt: new Date(t.startedAt).toISOString(),
      endsAt: new Date(t.endsAt).toISOString(),
      expired: this.now() >= t.endsAt,
      metrics,
    };
  }

  /** Keeps the trial's constitution as a new version. */
  applyQuarantine(author: string): Cdna {
    const t = this.requireTrial();
    this.trial = null;
    this.active = t.baseline;
    const applied = this.commit({ ...t.candidate, version: t.baseline.version + 1, updatedAt: this.iso() }, author, 'quarantine applied');
    this.emit({ type: 'cdna.quarantine', action: 'applied', cdna: clone(applied), version: applied.version, author });
    return applied;
  }

  /** Drops the trial and restores the constitution it replaced. */
  discardQuarantine(author: string): Cdna {
    const t = this.requireTrial();
    this.trial = null;
    this.active = t.baseline;
    this.emit({ type: 'cdna.quarantine', action: 'discarded', cdna: clone(t.baseline), version: t.baseline.version, author });
    return clone(t.baseline);
  }

  export(): { format: typeof CDNA_EXPORT_FORMAT; current: Cdna; history: CdnaHistoryEntry[] } {
    return { format: CDNA_EXPORT_FORMAT, current: clone(this.active), history: this.entries.map(clone) };
  }

  /** Rebuilds a constitution from an export, validating every version; a bad document builds nothing. */
  static import(document: unknown, options: ConstitutionOptions = {}): Constitution {
    const doc = document as ReturnType<Constitution['export']> | null;
    const issues: FieldIssue[] = [];
    if (doc === null || typeof doc !== 'object' || doc.format !== CDNA_EXPORT_FORMAT) {
      throw invalidImport([{ field: 'format', rule: 'equals', message: `must be "${CDNA_EXPORT_FORMAT}"` }]);
    }
    if (!Array.isArray(doc.history) || doc.history.length === 0) throw invalidImport([{ field: 'history', rule: 'type', message: 'must be a non-empty array' }]);
    validateCdna(doc.current).errors.forEach((e) => issues.push({ ...e, field: `current.${e.field}` }));
    doc.history.forEach((entry, i) => {
      if (entry === null || typeof entry !== 'object') return issues.push({ field: `history.${i}`, rule: 'type', message: 'must be an object' });
      validateCdna(entry.after).errors.forEach((e) => issues.push({ ...e, field: `history.${i}.after.${e.field}` }));
      if (!Number.isInteger(entry.version) || (i > 0 && entry.version <= doc.history[i - 1].version)) {
        issues.push({ field: `history.${i}.version`, rule: 'order', message: 'versions must be integers in rising order' });
      }
      return undefined;
    });
    if (issues.length > 0) throw invalidImport(issues);
    const constitution = new Constitution(doc.current, options);
    constitution.entries.length = 0;
    constitution.entries.push(...doc.history.map(clone));
    constitution.active = clone(doc.current);
    return constitution;
  }

  // ——— internals ———

  private candidateFrom(patch: CdnaPatch): Cdna {
    if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
      throw new NeuroGraphError('VALIDATION_FAILED', 'A CDNA change must be an object', [{ field: 'cdna', rule: 'type', message: 'must be an object' }]);
    }
    const { version: _v, updatedAt: _u, ...rest } = patch as CdnaPatch & { version?: unknown; updatedAt?: unknown };
    const base = clone(this.active);
    const merged = {
      ...base,
      ...rest,
      profile: rest.profile ?? 'custom',
      quotas: { ...base.quotas, ...(rest.quotas ?? {}) },
      version: this.active.version + 1,
      updatedAt: this.iso(),
    } as Cdna;
    return this.checked(merged);
  }

  private checked(candidate: Cdna): Cdna {
    const { valid, errors } = validateCdna(candidate);
    if (!valid) throw new NeuroGraphError('VALIDATION_FAILED', `Invalid CDNA: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`, errors);
    return candidate;
  }

  private commit(next: Cdna, author: string, reason?: string): Cdna {
    if (typeof author !== 'string' || author.length === 0) {
      throw new NeuroGraphError('VALIDATION_FAILED', 'A CDNA change needs an author', [{ field: 'author', rule: 'required', message: 'must be a non-empty string' }]);
    }
    const before = this.active;
    this.active = this.checked(next);
    this.record(before, this.active, author, reason);
    this.emit({ type: 'cdna.changed', cdna: clone(this.active), version: this.active.version, author });
    return clone(this.active);
  }

  private record(before: Cdna | null, after: Cdna, author: string, reason?: string): void {
    this.entries.push({ version: after.version, author, at: after.updatedAt, reason, before: before && clone(before), after: clone(after), diff: diff(before, after) });
    if (this.entries.length > this.maxHistoryEntries) this.entries.shift();
  }

  private emit(event: CdnaEvent): void {
    for (const listener of this.listeners) listener(clone(this.active), event);
  }

  private refuseDuringQuarantine(): void {
    if (this.trial) {
      throw new NeuroGraphError('VALIDATION_FAILED', 'A quarantine is running: apply or discard it first', [{ field: 'quarantine', rule: 'active', message: 'one change at a time' }]);
    }
  }

  private requireTrial(): Trial {
    if (!this.trial) throw new NeuroGraphError('VALIDATION_FAILED', 'No quarantine is running', [{ field: 'quarantine', rule: 'active', message: 'nothing to apply or discard' }]);
    return this.trial;
  }

  private iso(): string {
    return new Date(this.now()).toISOString();
  }
}

/** Field-level differences, dotted for nested values (`dimensionScales.3`, `quotas.maxEdgesPerToken`). */
export function diff(before: Cdna | null, after: Cdna): CdnaChange[] {
  const changes: CdnaChange[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) walk((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
    } else if (a !== b && path !== 'version' && path !== 'updatedAt') {
      // null, not undefined, for a field that did not exist: the entry is sent and stored as JSON.
      changes.push({ field: path, before: a ?? null, after: b ?? null });
    }
  };
  walk(before ?? {}, after, '');
  return changes;
}

function invalidImport(issues: FieldIssue[]): NeuroGraphError {
  return new NeuroGraphError('SNAPSHOT_INVALID', `Invalid CDNA export: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`, issues);
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
