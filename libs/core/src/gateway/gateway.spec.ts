import { NeuroGraphError } from '../common/errors.js';
import { weightedDistance } from '../common/vector.js';
import { isSignalId } from '../signal/ids.js';
import { EncoderRegistry } from './encoders/index.js';
import { PARAPHRASE_GROUPS, UNRELATED_SENTENCES } from './encoders/paraphrase-corpus.js';
import { Gateway } from './gateway.js';

const T = Date.parse('2026-05-01T10:00:00Z');
const gateway = () => new Gateway({ now: () => T });
const v = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8];

function issuesOf(fn: () => unknown): { field: string; rule: string }[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(NeuroGraphError);
    return (error as NeuroGraphError).issues.map(({ field, rule }) => ({ field, rule }));
  }
  throw new Error('expected a refusal');
}

describe('Gateway.encode', () => {
  it('fills every default of a vector signal', () => {
    const signal = gateway().encode({ vector: v });
    expect(isSignalId(signal.id)).toBe(true);
    expect(signal).toMatchObject({
      type: 'signal.input.external.vector.passthrough',
      space: 'default',
      source: { domain: 'external', modality: 'vector', sensorId: 'vector', sensorType: 'passthrough', confidence: 1 },
      vector: v,
      priority: 128,
      energy: { magnitude: 1, valence: 0, arousal: 0.5, urgency: 128 / 255 },
      tags: [],
      timestamp: '2026-05-01T10:00:00.000Z',
      tick: 0,
    });
  });

  it('picks the sensor from the payload and names the event type after it', () => {
    const g = gateway();
    expect(g.encode({ payload: 'hello there' }).type).toBe('signal.input.external.text.chat');
    expect(g.encode({ payload: 'hello there' }).priority).toBe(200);
    expect(g.encode({ payload: [1, 2, 3] }).source.sensorId).toBe('numeric');
    expect(g.encode({ payload: { a: 1 } }).source.sensorId).toBe('json');
    expect(g.encode({ sensorId: 'text.command', payload: 'status' }).priority).toBe(220);
    expect(g.encode({ vector: v, type: 'custom.kind' }).type).toBe('custom.kind');
  });

  it('names each bad field and its rule, all at once', () => {
    const g = gateway();
    expect(issuesOf(() => g.encode({ vector: [0.1, 0.2, Number.NaN, 0.1, 2, 0.1, 0.1, 0.1] }))).toEqual([
      { field: 'vector.2', rule: 'finite' },
      { field: 'vector.4', rule: 'range' },
    ]);
    expect(issuesOf(() => g.encode({ vector: [0.1] }))).toEqual([{ field: 'vector', rule: 'length' }]);
    expect(issuesOf(() => g.encode({ vector: v, priority: 256, confidence: -1 }))).toEqual([
      { field: 'priority', rule: 'range' },
      { field: 'confidence', rule: 'range' },
    ]);
    expect(issuesOf(() => g.encode({ vector: v, priority: 1.5 }))).toEqual([{ field: 'priority', rule: 'range' }]);
    expect(issuesOf(() => g.encode({ vector: v, tags: ['ok', 'x'.repeat(65)] }))).toEqual([{ field: 'tags.1', rule: 'maxLength' }]);
    expect(issuesOf(() => g.encode({ vector: v, tags: new Array(33).fill('t') }))).toEqual([{ field: 'tags', rule: 'maxItems' }]);
    expect(issuesOf(() => g.encode({ vector: v, energy: { valence: 2, arousal: Infinity } }))).toEqual([
      { field: 'energy.valence', rule: 'range' },
      { field: 'energy.arousal', rule: 'range' },
    ]);
    expect(issuesOf(() => g.encode({ vector: v, timestamp: 'yesterday' }))).toEqual([{ field: 'timestamp', rule: 'isoDate' }]);
    expect(issuesOf(() => g.encode({ payload: 'x'.repeat(70_000) }))).toEqual([{ field: 'payload', rule: 'maxBytes' }]);
    expect(issuesOf(() => g.encode({ vector: v, metadata: { blob: 'x'.repeat(9000) } }))).toEqual([{ field: 'metadata', rule: 'maxBytes' }]);
    expect(issuesOf(() => g.encode(JSON.parse('{"vector":[0,0,0,0,0,0,0,0],"__proto__":{"admin":true}}')))).toEqual([{ field: '__proto__', rule: 'unknown' }]);
    expect(issuesOf(() => g.encode({ vector: v, colour: 'red' }))).toEqual([{ field: 'colour', rule: 'unknown' }]);
    expect(issuesOf(() => g.encode({ vector: v, space: 'Not OK' }))).toEqual([{ field: 'space', rule: 'pattern' }]);
    expect(issuesOf(() => g.encode('just a string'))).toEqual([{ field: 'signal', rule: 'type' }]);
    expect(issuesOf(() => g.encode({}))).toEqual([{ field: 'payload', rule: 'required' }]);
    expect(issuesOf(() => g.encode({ sensorId: 'text.chat', vector: v }))).toEqual([{ field: 'vector', rule: 'sensor' }]);
    expect(issuesOf(() => g.encode({ sensorId: 'numeric', payload: [1, Number.POSITIVE_INFINITY] }))).toEqual([{ field: 'payload.1', rule: 'finite' }]);
  });

  it('refuses unknown and disabled sensors and keeps working', () => {
    const g = gateway();
    expect(() => g.encode({ sensorId: 'nope', payload: 'x' })).toThrow(expect.objectContaining({ code: 'SENSOR_NOT_FOUND' }));
    g.sensors.disable('text.chat');
    expect(() => g.encode({ payload: 'hello' })).toThrow(expect.objectContaining({ code: 'SENSOR_DISABLED' }));
    g.sensors.enable('text.chat');
    expect(g.encode({ payload: 'hello' }).source.sensorId).toBe('text.chat');
  });

  it('accepts plug-in encoders and sensors, and checks what a plug-in returns', () => {
    const encoders = new EncoderRegistry();
    const g = new Gateway({ encoders });
    encoders.register({ name: 'constant', encode: () => [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5] });
    encoders.register({ name: 'broken', encode: () => [2, 0, 0, 0, 0, 0, 0, 0] });
    g.sensors.register({ sensorId: 'lamp', encoder: 'constant', sensorType: 'lamp', modality: 'light' });
    g.sensors.register({ sensorId: 'bad', encoder: 'broken' });
    expect(g.encode({ sensorId: 'lamp', payload: 'on' })).toMatchObject({ type: 'signal.input.external.light.lamp', vector: [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5] });
    g.sensors.update('lamp', { domain: 'internal', sensorType: 'bulb' });
    expect(g.encode({ sensorId: 'lamp', payload: 'on' }).type).toBe('signal.input.internal.light.bulb');
    expect(issuesOf(() => g.encode({ sensorId: 'bad', payload: 'x' }))).toEqual([{ field: 'vector', rule: 'encoder' }]);
    expect(() => encoders.register({ name: 'constant', encode: () => [] })).toThrow(expect.objectContaining({ code: 'ENCODER_EXISTS' }));
    expect(() => g.sensors.register({ sensorId: 'ghost', encoder: 'missing' })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => g.sensors.remove('vector')).toThrow(NeuroGraphError);
    expect(g.sensors.remove('lamp')).toBe(true);
  });
});

describe('text-hash encoder', () => {
  const g = gateway();
  const encode = (text: string) => g.encode({ payload: text }).vector;

  it('is deterministic (these vectors guard against drift across runs and machines)', () => {
    // Computed once by this implementation and pinned: any change to tokenising, hashing or
    // squashing would silently move every stored token, so it must show up here.
    expect(encode('The cat sat on the mat').map((x) => x.toFixed(6))).toMatchSnapshot();
    expect(encode('Кот сидит на ковре').map((x) => x.toFixed(6))).toMatchSnapshot();
    expect(encode('hello')).toEqual(encode('hello'));
    expect(encode('')).toEqual(new Array(8).fill(0.5));
  });

  it('places paraphrases nearer each other than unrelated sentences (EN and RU)', () => {
    let wins = 0;
    let anchors = 0;
    let paraphraseSum = 0;
    let paraphraseCount = 0;
    let unrelatedSum = 0;
    let unrelatedCount = 0;
    for (const group of PARAPHRASE_GROUPS) {
      const others = [...UNRELATED_SENTENCES, ...PARAPHRASE_GROUPS.filter((g2) => g2 !== group).map((g2) => g2[0])];
      for (const anchor of group) {
        const a = encode(anchor);
        const nearestParaphrase = Math.min(...group.filter((s) => s !== anchor).map((s) => weightedDistance(a, encode(s))));
        const nearestOther = Math.min(...others.map((s) => weightedDistance(a, encode(s))));
        group.filter((s) => s !== anchor).forEach((s) => {
          paraphraseSum += weightedDistance(a, encode(s));
          paraphraseCount++;
        });
        others.forEach((s) => {
          unrelatedSum += weightedDistance(a, encode(s));
          unrelatedCount++;
        });
        anchors++;
        if (nearestParaphrase < nearestOther) wins++;
      }
    }
    expect(wins / anchors).toBeGreaterThanOrEqual(0.8);
    expect(paraphraseSum / paraphraseCount).toBeLessThan(0.6 * (unrelatedSum / unrelatedCount));
  });
});
