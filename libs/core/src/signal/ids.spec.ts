import { isSignalId, newSignalId, timestampOfId } from './ids.js';

describe('newSignalId', () => {
  it('produces RFC 9562 version-7 ids carrying the millisecond', () => {
    const at = Date.parse('2026-11-24T10:00:00.123Z');
    const id = newSignalId(at);
    expect(isSignalId(id)).toBe(true);
    expect(timestampOfId(id)).toBe(at);
  });

  it('is strictly increasing within one millisecond and when the clock steps back', () => {
    const at = Date.parse('2030-01-01T00:00:00Z');
    const ids = [...Array.from({ length: 5000 }, () => newSignalId(at)), newSignalId(at - 10_000)];
    for (let i = 1; i < ids.length; i++) expect(ids[i] > ids[i - 1]).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('rejects look-alikes', () => {
    expect(isSignalId('0190a7c2-0000-4000-8000-000000000000')).toBe(false);
    expect(isSignalId('not-an-id')).toBe(false);
    expect(isSignalId(42)).toBe(false);
  });
});
