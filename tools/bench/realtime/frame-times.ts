/**
 * The times a delivered event frame carries, read without parsing the frame: the send time the
 * load generator put in the event (`"sentAt":<epoch ms>`), and the time the server published it on
 * its bus (the envelope's `"timestamp":"<ISO-8601>"`, written before the envelope's data, so the
 * first such key of a frame is the envelope's whatever the data holds).
 */
const SENT_AT = Buffer.from('"sentAt":');
const PUBLISHED_AT = Buffer.from('"timestamp":"');
const ISO_LENGTH = '2026-01-01T00:00:00.000Z'.length;
/** Enough characters for any epoch time in milliseconds with its fraction. */
const NUMBER_LENGTH = 24;

export interface FrameTimes {
  /** Epoch milliseconds, with the sender's sub-millisecond fraction. */
  sentAt: number;
  /** Epoch milliseconds, whole (ISO-8601 has no finer precision); undefined when the frame has no envelope timestamp before `sentAt`. */
  publishedAt?: number;
}

/** The times in `data[start, end)`, or undefined when the frame carries no send time. */
export function frameTimes(data: Buffer, start: number, end: number): FrameTimes | undefined {
  const at = data.indexOf(SENT_AT, start);
  if (at < 0 || at >= end) return undefined;
  const sentAt = Number.parseFloat(data.toString('latin1', at + SENT_AT.length, Math.min(end, at + SENT_AT.length + NUMBER_LENGTH)));
  const published = data.indexOf(PUBLISHED_AT, start);
  if (published < 0 || published > at) return { sentAt };
  const from = published + PUBLISHED_AT.length;
  return { sentAt, publishedAt: Date.parse(data.toString('latin1', from, from + ISO_LENGTH)) };
}
