import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { NeuroGraph } from '../client.js';

// Taken before the timers are faked: waiting for real sockets needs a real clock.
const realSetTimeout = setTimeout;
const pause = (ms: number) => new Promise((resolve) => realSetTimeout(resolve, ms));

/**
 * A socket.io server that speaks just enough of the gateway's protocol and answers the first two
 * resume-token requests in reverse order: the order in which replies cross is what is tested.
 */
async function crossingGateway() {
  const http = createServer();
  const io = new Server(http, { path: '/realtime', transports: ['websocket'] });
  const issued: string[] = [];
  let held: (() => void) | undefined;
  let disconnected!: Promise<void>;
  io.on('connection', (socket) => {
    disconnected = new Promise((resolve) => socket.once('disconnect', () => resolve()));
    socket.emit('session', { sessionId: 's1', principal: { id: 'k1', role: 'viewer', kind: 'apiKey' }, channels: ['signals'], resumed: false });
    socket.on('subscribe', (request: { channels: string[] }, ack: (reply: unknown) => void) => ack({ subscribed: request.channels, denied: [] }));
    socket.on('resume.token', (ack: (reply: unknown) => void) => {
      const token = `token-${issued.length + 1}`;
      issued.push(token);
      const reply = () => ack({ token, expiresInMs: 600_000 });
      if (issued.length === 1) return void (held = reply);
      reply();
      held?.();
      held = undefined;
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  return { origin: `http://127.0.0.1:${port}`, issued, disconnected: () => disconnected, close: () => new Promise((resolve) => io.close(resolve)) };
}

describe('RealtimeClient resume tokens', () => {
  afterEach(() => jest.useRealTimers());

  it('keeps the token of its latest request when replies cross, and leaves no timer behind once closed', async () => {
    const gateway = await crossingGateway();
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'Date', 'performance', 'hrtime'] });
    const rt = new NeuroGraph({ baseUrl: gateway.origin, apiKey: 'ng_live_test' }).realtime();
    try {
      await rt.ready();
      // The session's own renewal is asked first and answered last, after the subscription's.
      await rt.subscribe('signals', () => undefined).ready;
      await pause(100);
      expect(gateway.issued).toEqual(['token-1', 'token-2']);
      // What the next reconnect presents: the token issued after the subscription, which covers it.
      expect((rt as unknown as { resumeToken?: string }).resumeToken).toBe('token-2');
    } finally {
      rt.close();
    }
    await gateway.disconnected();
    await pause(50);
    // Every timer of both ends is fake here: a renewal timer left running would keep a finished
    // program (e.g. `neurograph subscribe --count 2`) alive for minutes.
    expect(jest.getTimerCount()).toBe(0);
    await gateway.close();
  });
});
