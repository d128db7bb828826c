let cachedMs = Number.NaN;
let cachedIso = '';

/**
 * `new Date(ms).toISOString()`, remembered for the last millisecond asked: under load many signals
 * and events share a millisecond, and formatting the date was about 4 % of the api's CPU for a
 * batch (a signal's timestamp and its bus envelope's).
 */
export function isoTimestamp(ms: number): string {
  if (ms !== cachedMs) {
    cachedIso = new Date(ms).toISOString();
    cachedMs = ms;
  }
  return cachedIso;
}

let parsedIso = '';
let parsedMs = Number.NaN;

/** `Date.parse(iso)`, remembered for the last text asked: the inverse of `isoTimestamp`, as cheap on the same hot paths. */
export function epochMsOf(iso: string): number {
  if (iso !== parsedIso) {
    parsedMs = Date.parse(iso);
    parsedIso = iso;
  }
  return parsedMs;
}
