import { epochMsOf, isoTimestamp } from './time.js';

describe('isoTimestamp', () => {
  it('formats every millisecond as Date does, whether asked again, forward or backward', () => {
    const asked = [0, 0, 1, 1_700_000_000_123, 1_700_000_000_123, 1_700_000_000_124, 1_700_000_000_122, -1, 8.64e15];
    for (const ms of asked) expect(isoTimestamp(ms)).toBe(new Date(ms).toISOString());
  });

  it('throws for a time Date cannot format, as toISOString does, and still formats afterwards', () => {
    expect(() => isoTimestamp(Number.NaN)).toThrow(RangeError);
    expect(() => isoTimestamp(8.64e15 + 1)).toThrow(RangeError);
    expect(isoTimestamp(5)).toBe('1970-01-01T00:00:00.005Z');
  });
});

describe('epochMsOf', () => {
  it('parses as Date.parse does, whether asked again or not', () => {
    const asked = ['2026-12-07T20:00:00.000Z', '2026-12-07T20:00:00.000Z', '2026-12-07T20:00:00.001Z', '2026-12-07T21:00:00+01:00', 'not a date', '2026-12-07T20:00:00.000Z'];
    for (const iso of asked) expect(epochMsOf(iso)).toEqual(Date.parse(iso));
  });
});
