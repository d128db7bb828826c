import { envelopeJson } from '@neurograph/server-bus';
import { frameTimes } from './frame-times';

/** A socket.io event packet as a gateway writes it: `42["<channel>",<envelope>]`. */
const packet = (envelope: string) => Buffer.from(`42["signals",${envelope}]`);

describe('frameTimes', () => {
  const sentAt = 1_796_605_200_110.257;
  const published = '2026-12-07T01:00:00.123Z';
  // The signal's own timestamp comes after the envelope's: the envelope's is the one read.
  const signal = JSON.stringify({ id: 'sig_1', timestamp: '2026-12-07T01:00:00.119Z', metadata: { sentAt }, result: { tokenId: 7, neighbors: [] } });

  it('reads the send time and the envelope timestamp of a bus event', () => {
    const frame = packet(envelopeJson('signals', 'signal', 'sig_1', 3, published, signal));
    expect(frameTimes(frame, 0, frame.length)).toEqual({ sentAt, publishedAt: Date.parse(published) });
  });

  it('reads the frame between start and end only', () => {
    const frame = packet(envelopeJson('signals', 'signal', 'sig_1', 3, published, signal));
    const framed = Buffer.concat([Buffer.from('\x81\x7e'), frame, Buffer.from('"sentAt":1')]);
    expect(frameTimes(framed, 2, 2 + frame.length)).toEqual({ sentAt, publishedAt: Date.parse(published) });
    expect(frameTimes(framed, 2, framed.indexOf('"sentAt"'))).toBeUndefined();
  });

  it('has no publishing time when the only timestamp follows the send time', () => {
    const frame = Buffer.from(`42["signals",{"data":{"metadata":{"sentAt":${sentAt}},"timestamp":"${published}"}}]`);
    expect(frameTimes(frame, 0, frame.length)).toEqual({ sentAt });
  });

  it('has nothing to read in a frame without a send time', () => {
    const frame = packet(envelopeJson('signals', 'signal', 'sig_1', 3, published, '{"n":1}'));
    expect(frameTimes(frame, 0, frame.length)).toBeUndefined();
  });
});
