import { NeuroGraphError } from '../common/errors.js';

const EVENT_TYPE = /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/;

/** 1–128 characters of [a-z0-9_.-], dotted, no empty segment. */
export function isValidEventType(type: unknown): type is string {
  return typeof type === 'string' && type.length >= 1 && type.length <= 128 && EVENT_TYPE.test(type);
}

/** Engine event types of spec §4. Inputs form the family `signal.input.{domain}.{modality}.{sensorType}`. */
export const BUILTIN_EVENT_TYPES: readonly string[] = Object.freeze([
  'signal.activation.resonance',
  'signal.activation.pattern_match',
  'signal.activation.cascade',
  'signal.anomaly.novelty',
  'signal.anomaly.outlier',
  'action.started',
  'action.completed',
  'action.failed',
  'module.enabled',
  'module.disabled',
  'module.configured',
  'module.error',
  'guardian.violation',
  'guardian.quota',
  'cdna.changed',
  'cdna.quarantine',
  'system.startup',
  'system.shutdown',
  'system.metrics',
  'space.token.evicted',
]);

export interface EventTypeInfo {
  type: string;
  description?: string;
  builtin: boolean;
  firstSeenAt: string;
}

/** Every event type the engine knows: the built-ins plus each type seen at run time (bounded). */
export class EventTypeRegistry {
  private readonly types = new Map<string, EventTypeInfo>();

  constructor(
    private readonly maxTypes = 10_000,
    private readonly now: () => number = Date.now,
  ) {
    const at = new Date(this.now()).toISOString();
    for (const type of BUILTIN_EVENT_TYPES) this.types.set(type, { type, builtin: true, firstSeenAt: at });
  }

  get size(): number {
    return this.types.size;
  }

  /** Records a type; true when it was new. */
  register(type: string, description?: string): boolean {
    const known = this.types.get(type);
    if (known) {
      if (description !== undefined) known.description = description;
      return false;
    }
    if (!isValidEventType(type)) {
      throw new NeuroGraphError('VALIDATION_FAILED', `Invalid event type "${String(type)}"`, [
        { field: 'type', rule: 'pattern', message: '1–128 characters of [a-z0-9_.-], dotted, no empty segment' },
      ]);
    }
    if (this.types.size >= this.maxTypes) {
      throw new NeuroGraphError('QUOTA_EXCEEDED', `At most ${this.maxTypes} event types may be registered`, [
        { field: 'type', rule: 'maxTypes', message: `limit of ${this.maxTypes} distinct types reached` },
      ]);
    }
    this.types.set(type, { type, description, builtin: false, firstSeenAt: new Date(this.now()).toISOString() });
    return true;
  }

  has(type: string): boolean {
    return this.types.has(type);
  }

  list(): EventTypeInfo[] {
    return [...this.types.values()].map((info) => ({ ...info })).sort((a, b) => a.type.localeCompare(b.type));
  }

  matching(test: (type: string) => boolean): string[] {
    return this.list()
      .map((info) => info.type)
      .filter(test);
  }
}
