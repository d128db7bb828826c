import { NeuroGraphError } from '@neurograph/core';
import { ApiError } from '@neurograph/server-http';
import { batchItems, engineInput, inApiNames } from './signal-request';

const vector = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8];

function refusal(run: () => unknown): { code: string; fields: string[] } {
  try {
    run();
  } catch (error) {
    if (error instanceof NeuroGraphError) return { code: error.code, fields: error.issues.map((i) => i.field) };
    if (error instanceof ApiError) return { code: error.code, fields: error.errors.map((i) => i.field) };
    throw error;
  }
  throw new Error('accepted');
}

describe('engineInput', () => {
  it("names the sensor as the engine does, defaulting by what was sent", () => {
    expect(engineInput({ vector, space: 'a' })).toEqual({ vector, space: 'a', sensorId: 'vector' });
    expect(engineInput({ payload: 'hello' })).toEqual({ payload: 'hello', sensorId: 'text.chat' });
    expect(engineInput({ payload: 21.5, sensor: 'numeric' })).toEqual({ payload: 21.5, sensorId: 'numeric' });
  });

  it('refuses the engine-only and unknown fields together with every problem the engine finds in the rest', () => {
    expect(refusal(() => engineInput({ vector, sensorId: 'vector', energy: { magnitude: 1 }, timestamp: '2026-01-01T00:00:00Z', bogus: 1, priority: 999, sensor: '' }))).toEqual({
      code: 'VALIDATION_FAILED',
      fields: ['sensorId', 'energy', 'timestamp', 'bogus', 'sensor', 'priority'],
    });
    expect(refusal(() => engineInput(JSON.parse('{"__proto__": {"space": "x"}, "constructor": 1, "payload": "p"}'))).fields).toEqual(['__proto__', 'constructor']);
  });

  it('names the whole body, or the batch item, when it is not an object', () => {
    for (const body of [null, 'text', 42, [vector]]) expect(refusal(() => engineInput(body))).toEqual({ code: 'VALIDATION_FAILED', fields: ['body'] });
    expect(refusal(() => engineInput([], '')).fields).toEqual(['']);
  });
});

it("renames the engine's sensorId issues to the API's sensor and leaves other errors alone", () => {
  const renamed = inApiNames(new NeuroGraphError('SENSOR_NOT_FOUND', 'No sensor "x"', [{ field: 'sensorId', rule: 'exists', message: 'unknown' }]));
  expect(renamed).toMatchObject({ code: 'SENSOR_NOT_FOUND', issues: [{ field: 'sensor', rule: 'exists' }] });
  const other = new NeuroGraphError('VALIDATION_FAILED', 'bad', [{ field: 'vector', rule: 'length', message: 'm' }]);
  expect(inApiNames(other)).toBe(other);
  const unrelated = new Error('x');
  expect(inApiNames(unrelated)).toBe(unrelated);
});

it('checks the batch envelope and leaves each item to its own validation', () => {
  const items = [{ vector }, 'not a signal'];
  expect(batchItems({ signals: items })).toBe(items);
  expect(refusal(() => batchItems([items]))).toEqual({ code: 'VALIDATION_FAILED', fields: ['body'] });
  expect(refusal(() => batchItems({ signals: items, extra: 1, more: 2 }))).toEqual({ code: 'VALIDATION_FAILED', fields: ['extra', 'more'] });
  expect(refusal(() => batchItems({ signals: {} }))).toEqual({ code: 'VALIDATION_FAILED', fields: ['signals'] });
  expect(refusal(() => batchItems({ signals: [] }))).toEqual({ code: 'VALIDATION_FAILED', fields: ['signals'] });
  expect(refusal(() => batchItems({ signals: new Array(1001).fill({}) }))).toEqual({ code: 'VALIDATION_FAILED', fields: ['signals'] });
});
