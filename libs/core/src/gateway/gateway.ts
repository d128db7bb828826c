import { NeuroGraphError, validationError } from '../common/errors.js';
import { isoTimestamp } from '../common/time.js';
import type { Signal, SignalInput } from '../common/types.js';
import { newSignalId } from '../signal/ids.js';
import { SIGNAL_LIMITS } from '../signal/limits.js';
import { signalInputIssues } from '../signal/validate.js';
import { builtinEncoders, type EncoderRegistry } from './encoders/index.js';
import { type SensorConfig, SensorRegistry } from './sensors.js';

export interface GatewayOptions {
  encoders?: EncoderRegistry;
  sensors?: SensorRegistry;
  maxPayloadBytes?: number;
  maxMetadataBytes?: number;
  /** Clock in epoch ms (ids and timestamps). */
  now?: () => number;
  /** Space of signals that name none (default `default`). */
  defaultSpace?: string;
}

/**
 * Validates raw input, picks its sensor, encodes it and fills every default, producing a complete
 * `Signal` or throwing a NeuroGraphError that lists every problem. It stores nothing.
 */
export class Gateway {
  readonly encoders: EncoderRegistry;
  readonly sensors: SensorRegistry;
  private readonly limits: { maxPayloadBytes: number; maxMetadataBytes: number };
  private readonly now: () => number;
  /** Space of signals that name none; the gateway module's setting. */
  defaultSpace: string;
  private readonly defaultTypes = new WeakMap<SensorConfig, string>();

  constructor(options: GatewayOptions = {}) {
    this.encoders = options.encoders ?? builtinEncoders();
    this.sensors = options.sensors ?? new SensorRegistry((name) => this.encoders.has(name));
    this.limits = {
      maxPayloadBytes: options.maxPayloadBytes ?? SIGNAL_LIMITS.maxPayloadBytes,
      maxMetadataBytes: options.maxMetadataBytes ?? SIGNAL_LIMITS.maxMetadataBytes,
    };
    this.now = options.now ?? Date.now;
    this.defaultSpace = options.defaultSpace ?? 'default';
  }

  encode(raw: unknown): Signal {
    const issues = signalInputIssues(raw, this.limits);
    if (issues.length > 0) throw validationError(issues);
    const input = raw as SignalInput;
    const sensor = this.sensors.require(input.sensorId ?? defaultSensorId(input));
    if (!sensor.enabled) {
      throw new NeuroGraphError('SENSOR_DISABLED', `Sensor "${sensor.sensorId}" is disabled`, [{ field: 'sensorId', rule: 'enabled', message: `sensor "${sensor.sensorId}" is disabled` }]);
    }
    const vector = this.vectorFor(input, sensor);
    const nowMs = this.now();
    const priority = input.priority ?? sensor.defaultPriority;
    const energy = input.energy;
    const signal: Signal = {
      id: input.id ?? newSignalId(nowMs),
      type: input.type ?? this.defaultTypeOf(sensor),
      space: input.space ?? this.defaultSpace,
      source: { domain: sensor.domain, modality: sensor.modality, sensorId: sensor.sensorId, sensorType: sensor.sensorType, confidence: input.confidence ?? 1 },
      vector,
      energy: {
        magnitude: energy?.magnitude ?? 1,
        valence: energy?.valence ?? 0,
        arousal: energy?.arousal ?? 0.5,
        urgency: energy?.urgency ?? priority / 255,
      },
      priority,
      tags: input.tags ? [...input.tags] : [],
      timestamp: input.timestamp ?? isoTimestamp(nowMs),
      tick: 0,
    };
    if (input.sequenceId !== undefined) signal.sequenceId = input.sequenceId;
    if (input.traceId !== undefined) signal.traceId = input.traceId;
    if (input.parentId !== undefined) signal.parentId = input.parentId;
    if (input.payload !== undefined) signal.payload = input.payload;
    if (input.metadata !== undefined) signal.metadata = input.metadata;
    return signal;
  }

  /**
   * The type a sensor's signals get when they name none, built once per sensor config (an update
   * replaces the config): a string built per signal was hashed anew by every lookup of the type.
   */
  private defaultTypeOf(sensor: SensorConfig): string {
    let type = this.defaultTypes.get(sensor);
    if (type === undefined) this.defaultTypes.set(sensor, (type = `signal.input.${sensor.domain}.${sensor.modality}.${sensor.sensorType}`));
    return type;
  }

  private vectorFor(input: SignalInput, sensor: SensorConfig): number[] {
    const encoder = this.encoders.get(sensor.encoder);
    if (encoder.name === 'passthrough') {
      const source = input.vector ?? input.payload;
      if (source === undefined) throw validationError([{ field: 'vector', rule: 'required', message: `sensor "${sensor.sensorId}" needs a vector` }]);
      return encoder.encode(source, sensor);
    }
    if (input.vector !== undefined) {
      throw validationError([{ field: 'vector', rule: 'sensor', message: `sensor "${sensor.sensorId}" encodes its payload; send a vector with the "vector" sensor instead` }]);
    }
    if (input.payload === undefined) throw validationError([{ field: 'payload', rule: 'required', message: `sensor "${sensor.sensorId}" needs a payload` }]);
    const vector = encoder.encode(input.payload, sensor);
    checkEncoderOutput(vector, encoder.name);
    return vector;
  }
}

/** The sensor implied by what the input carries. */
function defaultSensorId(input: SignalInput): string {
  if (input.vector !== undefined) return 'vector';
  const p = input.payload;
  if (typeof p === 'string') return 'text.chat';
  if (typeof p === 'number' || (Array.isArray(p) && p.every((x) => typeof x === 'number'))) return 'numeric';
  if (p !== undefined && p !== null && typeof p === 'object') return 'json';
  throw validationError([{ field: 'payload', rule: 'required', message: 'send a vector, or a payload (text, number(s) or an object), or name a sensorId' }]);
}

/** Plug-in encoders are outside code: their output is checked before it can reach the space. */
function checkEncoderOutput(vector: unknown, name: string): void {
  const v = vector as number[];
  const ok = Array.isArray(v) && v.length === 8 && v.every((x) => typeof x === 'number' && x >= 0 && x <= 1);
  if (!ok) throw new NeuroGraphError('VALIDATION_FAILED', `Encoder "${name}" returned an invalid vector`, [{ field: 'vector', rule: 'encoder', message: `encoder "${name}" must return 8 numbers in [0, 1]` }]);
}
