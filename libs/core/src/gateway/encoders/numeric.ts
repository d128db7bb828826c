import { DIMENSIONS } from '../../common/vector.js';
import type { SensorConfig } from '../sensors.js';
import { type Encoder, encodingError } from './encoder.js';
import { fnv1a } from './fnv.js';

/** Per-metric scaling a numeric sensor may carry in `metadata.ranges`. */
export interface MetricRange {
  min: number;
  max: number;
  /** Dimension 0..7 the metric drives. */
  dimension: number;
}

/** Unbounded values map monotonically into (0, 1) around 0.5 when no range is declared. */
function squash(x: number): number {
  return 0.5 + 0.5 * (x / (1 + Math.abs(x)));
}

function scaled(value: number, range: MetricRange | undefined): number {
  if (!range) return squash(value);
  const span = range.max - range.min;
  return span <= 0 ? 0.5 : Math.min(1, Math.max(0, (value - range.min) / span));
}

function rangesOf(sensor: SensorConfig): Record<string, MetricRange> {
  const ranges = sensor.metadata?.ranges;
  return ranges !== null && typeof ranges === 'object' ? (ranges as Record<string, MetricRange>) : {};
}

function finite(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw encodingError(field, 'finite', 'must be a finite number');
  return value;
}

/**
 * Numbers into the space. A single number drives dimension 0 (or the range named `value`); an
 * array of up to 8 numbers drives dimensions in order (ranges `0`..`7`); an object `{metric: value}`
 * places each metric on its declared range's dimension (undeclared metrics on a dimension chosen by
 * hashing the name). Unset dimensions stay at the centre 0.5; metrics sharing a dimension average.
 */
export const numericEncoder: Encoder = {
  name: 'numeric',
  encode(payload, sensor) {
    const ranges = rangesOf(sensor);
    const sum = new Array<number>(DIMENSIONS).fill(0);
    const count = new Array<number>(DIMENSIONS).fill(0);
    const place = (dimension: number, value: number) => {
      sum[dimension] += value;
      count[dimension]++;
    };
    if (typeof payload === 'number') {
      place(ranges.value?.dimension ?? 0, scaled(finite(payload, 'payload'), ranges.value));
    } else if (Array.isArray(payload)) {
      if (payload.length === 0 || payload.length > DIMENSIONS) throw encodingError('payload', 'length', `an array must hold 1–${DIMENSIONS} numbers`);
      payload.forEach((v, i) => place(i, scaled(finite(v, `payload.${i}`), ranges[String(i)])));
    } else if (payload !== null && typeof payload === 'object') {
      const entries = Object.entries(payload as Record<string, unknown>);
      if (entries.length === 0) throw encodingError('payload', 'empty', 'needs at least one metric');
      for (const [metric, v] of entries) {
        const range = ranges[metric];
        const dimension = range && Number.isInteger(range.dimension) && range.dimension >= 0 && range.dimension < DIMENSIONS ? range.dimension : fnv1a(metric) % DIMENSIONS;
        place(dimension, scaled(finite(v, `payload.${metric}`), range));
      }
    } else {
      throw encodingError('payload', 'type', 'a numeric sensor needs a number, an array of numbers or {metric: number}');
    }
    return sum.map((s, d) => (count[d] === 0 ? 0.5 : s / count[d]));
  },
};
