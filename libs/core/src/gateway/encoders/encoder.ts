import { NeuroGraphError } from '../../common/errors.js';
import type { SensorConfig } from '../sensors.js';

/** Turns a payload into 8 numbers in [0, 1], deterministically (same input → same vector, everywhere). */
export interface Encoder {
  readonly name: string;
  encode(payload: unknown, sensor: SensorConfig): number[];
}

export function encodingError(field: string, rule: string, message: string): NeuroGraphError {
  return new NeuroGraphError('VALIDATION_FAILED', `Cannot encode ${field}: ${message}`, [{ field, rule, message }]);
}

const ENCODER_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** Encoders by name; modules and plugins add their own. */
export class EncoderRegistry {
  private readonly encoders = new Map<string, Encoder>();

  constructor(initial: Encoder[] = []) {
    for (const encoder of initial) this.register(encoder);
  }

  register(encoder: Encoder): void {
    if (!encoder || typeof encoder.encode !== 'function' || typeof encoder.name !== 'string' || !ENCODER_NAME.test(encoder.name)) {
      throw new NeuroGraphError('VALIDATION_FAILED', 'An encoder needs a name ([a-z0-9._-], ≤ 64) and an encode function', [
        { field: 'encoder', rule: 'shape', message: 'needs a valid name and an encode function' },
      ]);
    }
    if (this.encoders.has(encoder.name)) {
      throw new NeuroGraphError('ENCODER_EXISTS', `Encoder "${encoder.name}" is already registered`, [{ field: 'encoder', rule: 'unique', message: 'name in use' }]);
    }
    this.encoders.set(encoder.name, encoder);
  }

  unregister(name: string): boolean {
    return this.encoders.delete(name);
  }

  get(name: string): Encoder {
    const encoder = this.encoders.get(name);
    if (!encoder) throw new NeuroGraphError('ENCODER_NOT_FOUND', `No encoder named "${name}"`, [{ field: 'encoder', rule: 'exists', message: `unknown encoder "${name}"` }]);
    return encoder;
  }

  has(name: string): boolean {
    return this.encoders.has(name);
  }

  names(): string[] {
    return [...this.encoders.keys()].sort();
  }
}
