import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openLoop, type OpenLoopRequest } from './open-loop';

/** A server whose answers take every form the open loop must read: a length, chunks, an error, a dropped connection. */
function server(): Promise<{ origin: string; bodies: string[]; close(): Promise<void> }> {
  const bodies: string[] = [];
  const http: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      if (request.url === '/length') {
        bodies.push(body);
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ echo: body }));
      } else if (request.url === '/chunked') {
        response.writeHead(201);
        response.write('{"part":');
        setTimeout(() => response.end('1}'), 2);
      } else if (request.url === '/error') response.writeHead(500).end('{}');
      else request.socket.destroy();
    });
  });
  return new Promise((resolve) =>
    http.listen(0, '127.0.0.1', () =>
      resolve({
        origin: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
        bodies,
        close: () => new Promise((done) => (http.closeAllConnections(), http.close(() => done()))),
      }),
    ),
  );
}

describe('openLoop', () => {
  let target: Awaited<ReturnType<typeof server>>;
  beforeEach(async () => (target = await server()));
  afterEach(() => target.close());

  const run = (next: () => OpenLoopRequest) => openLoop({ origin: target.origin, rate: 400, seconds: 0.25, connections: 4, warmup: { method: 'GET', path: '/chunked' }, next });

  it('sends every request on schedule and reads answers by length and by chunks', async () => {
    let n = 0;
    const result = await run(() => (n++ % 2 === 0 ? { method: 'POST', path: '/length', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ n, text: 'é ✓' }) } : { method: 'GET', path: '/chunked' }));
    expect(result).toMatchObject({ offered: 400, sent: 100, ok: 100, failed: 0, failures: {} });
    expect(target.bodies).toHaveLength(50);
    expect(JSON.parse(target.bodies[0])).toEqual({ n: 1, text: 'é ✓' });
    expect(result.latencyMs.p50).toBeGreaterThan(0);
  });

  it('counts refusals and broken connections as failed, and carries on on new connections', async () => {
    let n = 0;
    const result = await run(() => ({ method: 'GET', path: ['/length', '/error', '/drop', '/length'][n++ % 4] }));
    expect(result).toMatchObject({ sent: 100, ok: 50, failed: 50, failures: { broken: 25, 500: 25 } });
  });
});
