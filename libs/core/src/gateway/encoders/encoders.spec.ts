import { SensorRegistry } from '../sensors.js';
import { jsonEncoder } from './json.js';
import { numericEncoder } from './numeric.js';
import { analyzeSentiment, sentimentEncoder } from './sentiment.js';

const sensors = new SensorRegistry();
const numericSensor = sensors.require('numeric');

describe('sentiment', () => {
  it.each([
    ['I love this, it is wonderful', 1],
    ['This is terrible and I hate it', -1],
    ['The product is not good', -1],
    ['I am never happy with the service', -1],
    ['Это прекрасно, я очень рад', 1],
    ['Это ужасно и грустно', -1],
    ['Это не хорошо', -1],
    ['The meeting is at noon', 0],
  ])('gives "%s" the polarity sign %d', (text, sign) => {
    expect(Math.sign(analyzeSentiment(text).polarity)).toBe(sign);
  });

  it('intensifiers strengthen and negation turns joy into sadness', () => {
    expect(analyzeSentiment('very good').intensity).toBeGreaterThan(analyzeSentiment('good').intensity);
    const negated = analyzeSentiment('not happy');
    expect(negated.sadness).toBe(1);
    expect(negated.joy).toBe(0);
    expect(analyzeSentiment('I am afraid of the outage').fear).toBeGreaterThan(0);
  });

  it('maps polarity to the emotional dimension within [0, 1]', () => {
    const positive = sentimentEncoder.encode('wonderful, amazing, great', numericSensor);
    const negative = sentimentEncoder.encode('awful, terrible, horrible', numericSensor);
    expect(positive[3]).toBeGreaterThan(0.5);
    expect(negative[3]).toBeLessThan(0.5);
    for (const x of [...positive, ...negative]) expect(x >= 0 && x <= 1).toBe(true);
  });
});

describe('numeric encoder', () => {
  it('scales declared metric ranges onto their dimensions and clips', () => {
    const monitor = sensors.require('system.monitor');
    const v = numericEncoder.encode({ cpu: 50, memory: 8192, lag: 250 }, monitor);
    expect(v[0]).toBeCloseTo(0.5, 10);
    expect(v[1]).toBe(1);
    expect(v[6]).toBeCloseTo(0.25, 10);
    expect(v[3]).toBe(0.5);
  });

  it('places a number on dimension 0 and arrays in order, squashing without ranges', () => {
    expect(numericEncoder.encode(0, numericSensor)[0]).toBe(0.5);
    expect(numericEncoder.encode(3, numericSensor)[0]).toBeCloseTo(0.5 + 0.5 * (3 / 4), 10);
    expect(numericEncoder.encode(-1e9, numericSensor)[0]).toBeGreaterThan(0);
    const arr = numericEncoder.encode([1, -1], numericSensor);
    expect(arr[0]).toBeGreaterThan(0.5);
    expect(arr[1]).toBeLessThan(0.5);
    expect(() => numericEncoder.encode([1, 2, 3, 4, 5, 6, 7, 8, 9], numericSensor)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => numericEncoder.encode('12', numericSensor)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});

describe('json encoder', () => {
  const sensor = sensors.require('json');

  it('ignores key order and separates different shapes', () => {
    const a = jsonEncoder.encode({ user: 'ada', clicks: 3, meta: { tags: ['x'], ok: true } }, sensor);
    const b = jsonEncoder.encode({ meta: { ok: true, tags: ['x'] }, clicks: 3, user: 'ada' }, sensor);
    const c = jsonEncoder.encode({ temperature: 21.5, humidity: 40 }, sensor);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    for (const x of [...a, ...c]) expect(x >= 0 && x <= 1).toBe(true);
  });

  it('bounds depth and refuses non-objects', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = { deep };
    expect(() => jsonEncoder.encode(deep, sensor)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => jsonEncoder.encode(42, sensor)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});
