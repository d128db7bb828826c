import { NeuroGraphError } from '../common/errors.js';
import type { SignalDomain } from '../common/types.js';
import { isPlainObject } from '../signal/validate.js';

export interface SensorConfig {
  sensorId: string;
  sensorType: string;
  domain: SignalDomain;
  modality: string;
  /** Name of the encoder in the gateway's encoder registry. */
  encoder: string;
  defaultPriority: number;
  enabled: boolean;
  description: string;
  metadata: Record<string, unknown>;
}

const BUILTIN: readonly SensorConfig[] = [
  sensor('text.chat', 'chat', 'external', 'text', 'text-hash', 200, 'Chat messages; one sequence per conversation'),
  sensor('text.command', 'command', 'external', 'text', 'text-hash', 220, 'Commands such as "/status"'),
  sensor('text.sentiment', 'sentiment', 'external', 'text', 'sentiment', 200, 'Text placed by its feeling rather than its words'),
  {
    ...sensor('system.monitor', 'monitor', 'system', 'metrics', 'numeric', 100, 'Process CPU, memory and event-loop lag'),
    metadata: { ranges: { cpu: { min: 0, max: 100, dimension: 0 }, memory: { min: 0, max: 4096, dimension: 1 }, lag: { min: 0, max: 1000, dimension: 6 } } },
  },
  {
    ...sensor('timer', 'timer', 'system', 'time', 'numeric', 50, 'Interval and cron-like timers'),
    metadata: { ranges: { hour: { min: 0, max: 23, dimension: 6 }, weekday: { min: 0, max: 6, dimension: 7 } } },
  },
  sensor('numeric', 'numeric', 'external', 'numeric', 'numeric', 128, 'Numbers, arrays and {metric: value} readings'),
  sensor('json', 'json', 'external', 'structured', 'json', 128, 'Structured JSON events'),
  sensor('vector', 'passthrough', 'external', 'vector', 'passthrough', 128, 'Vectors the caller already encoded'),
];

function sensor(sensorId: string, sensorType: string, domain: SignalDomain, modality: string, encoder: string, defaultPriority: number, description: string): SensorConfig {
  return { sensorId, sensorType, domain, modality, encoder, defaultPriority, enabled: true, description, metadata: {} };
}

const SENSOR_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const NAME = /^[a-z0-9_-]{1,32}$/;
const DOMAINS: readonly SignalDomain[] = ['external', 'internal', 'system'];

/**
 * The sensors of a gateway. Built-ins can be reconfigured and disabled but not removed, so the
 * defaults the engine relies on (e.g. `vector` for pre-encoded input) always exist.
 */
export class SensorRegistry {
  private readonly sensors = new Map<string, SensorConfig>();
  private readonly builtin = new Set(BUILTIN.map((s) => s.sensorId));

  constructor(private readonly encoderExists: (name: string) => boolean = () => true) {
    for (const s of BUILTIN) this.sensors.set(s.sensorId, { ...s, metadata: JSON.parse(JSON.stringify(s.metadata)) });
  }

  register(config: Partial<SensorConfig> & Pick<SensorConfig, 'sensorId' | 'encoder'>): SensorConfig {
    if (this.sensors.has(config?.sensorId)) throw new NeuroGraphError('SENSOR_EXISTS', `Sensor "${config.sensorId}" exists`, [{ field: 'sensorId', rule: 'unique', message: 'already registered' }]);
    const full = this.validated({ sensorType: 'custom', domain: 'external', modality: 'custom', defaultPriority: 128, enabled: true, description: '', metadata: {}, ...config });
    this.sensors.set(full.sensorId, full);
    return { ...full };
  }

  update(sensorId: string, patch: Partial<Omit<SensorConfig, 'sensorId'>>): SensorConfig {
    const current = this.require(sensorId);
    const full = this.validated({ ...current, ...patch, sensorId });
    this.sensors.set(sensorId, full);
    return { ...full };
  }

  enable(sensorId: string): SensorConfig {
    return this.update(sensorId, { enabled: true });
  }

  disable(sensorId: string): SensorConfig {
    return this.update(sensorId, { enabled: false });
  }

  remove(sensorId: string): boolean {
    this.require(sensorId);
    if (this.builtin.has(sensorId)) {
      throw new NeuroGraphError('VALIDATION_FAILED', `Built-in sensor "${sensorId}" cannot be removed; disable it instead`, [{ field: 'sensorId', rule: 'builtin', message: 'built-in sensors can only be disabled' }]);
    }
    return this.sensors.delete(sensorId);
  }

  /** The live config (not a copy): the gateway reads it on the hot path. */
  require(sensorId: string): SensorConfig {
    const found = this.sensors.get(sensorId);
    if (!found) throw new NeuroGraphError('SENSOR_NOT_FOUND', `No sensor "${sensorId}"`, [{ field: 'sensorId', rule: 'exists', message: `unknown sensor "${sensorId}"` }]);
    return found;
  }

  get(sensorId: string): SensorConfig | undefined {
    const found = this.sensors.get(sensorId);
    return found && { ...found };
  }

  isBuiltin(sensorId: string): boolean {
    return this.builtin.has(sensorId);
  }

  list(): SensorConfig[] {
    return [...this.sensors.values()].map((s) => ({ ...s })).sort((a, b) => a.sensorId.localeCompare(b.sensorId));
  }

  private validated(c: SensorConfig): SensorConfig {
    const issues: { field: string; rule: string; message: string }[] = [];
    const add = (field: string, rule: string, message: string) => issues.push({ field, rule, message });
    if (typeof c.sensorId !== 'string' || !SENSOR_ID.test(c.sensorId)) add('sensorId', 'pattern', 'must be 1–64 characters of [a-z0-9._-]');
    if (typeof c.sensorType !== 'string' || !NAME.test(c.sensorType)) add('sensorType', 'pattern', 'must be 1–32 characters of [a-z0-9_-]');
    if (typeof c.modality !== 'string' || !NAME.test(c.modality)) add('modality', 'pattern', 'must be 1–32 characters of [a-z0-9_-]');
    if (!DOMAINS.includes(c.domain)) add('domain', 'enum', `must be one of ${DOMAINS.join(', ')}`);
    if (typeof c.encoder !== 'string' || !this.encoderExists(c.encoder)) add('encoder', 'exists', `unknown encoder "${String(c.encoder)}"`);
    if (!Number.isInteger(c.defaultPriority) || c.defaultPriority < 0 || c.defaultPriority > 255) add('defaultPriority', 'range', 'must be an integer in [0, 255]');
    if (typeof c.enabled !== 'boolean') add('enabled', 'type', 'must be a boolean');
    if (typeof c.description !== 'string' || c.description.length > 500) add('description', 'type', 'must be a string of at most 500 characters');
    if (!isPlainObject(c.metadata)) add('metadata', 'type', 'must be an object');
    if (issues.length > 0) throw new NeuroGraphError('VALIDATION_FAILED', `Invalid sensor: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`, issues);
    return {
      sensorId: c.sensorId,
      sensorType: c.sensorType,
      domain: c.domain,
      modality: c.modality,
      encoder: c.encoder,
      defaultPriority: c.defaultPriority,
      enabled: c.enabled,
      description: c.description,
      metadata: { ...c.metadata },
    };
  }
}
