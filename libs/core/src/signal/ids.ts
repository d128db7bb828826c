/**
 * UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then a 12-bit counter that keeps ids strictly
 * increasing within one millisecond (and across a clock that steps back), then 62 random bits.
 * Random bytes come from `crypto.getRandomValues` in batches, which is fast enough for the hot path.
 */
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const pool = new Uint8Array(4096);
let poolOffset = pool.length;
let lastMs = -1;
let counter = 0;

function randomBytes(n: number): number {
  if (poolOffset + n > pool.length) {
    globalThis.crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  const at = poolOffset;
  poolOffset += n;
  return at;
}

export function newSignalId(nowMs: number = Date.now()): string {
  let ms = Math.floor(nowMs);
  if (ms <= lastMs) {
    counter++;
    if (counter > 0xfff) {
      // Counter exhausted within one millisecond: borrow the next millisecond, order is kept.
      lastMs++;
      counter = 0;
    }
    ms = lastMs;
  } else {
    lastMs = ms;
    counter = pool[randomBytes(1)] & 0x3f; // random start leaves room to count up
  }
  const r = randomBytes(8);
  const b = [
    (ms / 2 ** 40) & 0xff,
    (ms / 2 ** 32) & 0xff,
    (ms >>> 24) & 0xff,
    (ms >>> 16) & 0xff,
    (ms >>> 8) & 0xff,
    ms & 0xff,
    0x70 | ((counter >>> 8) & 0x0f),
    counter & 0xff,
    0x80 | (pool[r] & 0x3f),
    pool[r + 1],
    pool[r + 2],
    pool[r + 3],
    pool[r + 4],
    pool[r + 5],
    pool[r + 6],
    pool[r + 7],
  ];
  let s = '';
  for (let i = 0; i < 16; i++) {
    s += HEX[b[i]];
    if (i === 3 || i === 5 || i === 7 || i === 9) s += '-';
  }
  return s;
}

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function isSignalId(value: unknown): boolean {
  return typeof value === 'string' && UUID_V7.test(value);
}

/** Milliseconds encoded in a UUIDv7. */
export function timestampOfId(id: string): number {
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
