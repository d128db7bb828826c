import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Engine } from '../engine/engine.js';
import { forbiddenHost, hostAllowed } from './webhook.js';

const v = (x: number) => [x, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5];
const settle = (ms = 20) => new Promise((r) => setTimeout(r, ms));
/** Waits for a cold action to finish however loaded the machine is (fixed sleeps were flaky in CI). */
const until = async (done: () => boolean, ms = 10_000) => {
  for (const end = Date.now() + ms; !done() && Date.now() < end; ) await settle(10);
};

function refusal(fn: () => unknown): { code: string; issues: { field: string; rule: string }[] } {
  try {
    fn();
  } catch (error) {
    return error as never;
  }
  throw new Error('expected a refusal');
}

describe('ActionController', () => {
  it('ships the default rules: novelty is announced, urgent chat gets a reply', () => {
    const engine = new Engine();
    const events: string[] = [];
    engine.subscribe({ pattern: 'signal.anomaly.novelty' }, (e) => {
      events.push(e.type);
    });
    engine.emit({ vector: v(0.1) });
    expect(events).toEqual(['signal.anomaly.novelty']);
    const result = engine.emit({ sensorId: 'text.command', payload: 'status' });
    expect(result.triggeredActions.map((a) => a.ruleId)).toEqual(['novelty-alert']);
    const chat = engine.emit({ payload: 'server down!', priority: 250 });
    const reply = chat.triggeredActions.find((a) => a.ruleId === 'urgent-reply');
    expect(reply).toMatchObject({ status: 'completed', output: { text: 'Received: server down!' } });
  });

  it('matches rules by filter, by priority order, and respects cooldowns', () => {
    let t = Date.parse('2026-11-24T12:00:00Z');
    const engine = new Engine({ now: () => t });
    engine.actions.removeRule('novelty-alert');
    engine.actions.upsertRule({ id: 'low', when: { tags: { $contains: 'vip' } }, actions: [{ type: 'log', params: { message: 'vip {{id}}' } }], priority: 1 });
    engine.actions.upsertRule({ id: 'high', when: { tags: { $contains: 'vip' } }, actions: [{ type: 'log', params: { message: 'first' } }], priority: 9, cooldownMs: 1000 });
    expect(engine.emit({ vector: v(0.2), tags: ['vip'] }).triggeredActions.map((a) => a.ruleId)).toEqual(['high', 'low']);
    expect(engine.emit({ vector: v(0.3), tags: ['vip'] }).triggeredActions.map((a) => a.ruleId)).toEqual(['low']);
    expect(engine.emit({ vector: v(0.4), tags: ['plain'] }).triggeredActions).toEqual([]);
    t += 1000;
    expect(engine.emit({ vector: v(0.5), tags: ['vip'] }).triggeredActions.map((a) => a.ruleId)).toEqual(['high', 'low']);
    expect(engine.actions.log(1)[0].message).toMatch(/^vip /);
  });

  it('emits internal signals that never trigger rules again', () => {
    const engine = new Engine();
    engine.actions.upsertRule({ id: 'echo', when: { 'result.isNovel': true }, actions: [{ type: 'emit', params: { type: 'echo.signal' } }] });
    const result = engine.emit({ vector: v(0.6) });
    expect(result.triggeredActions.find((a) => a.ruleId === 'echo')).toMatchObject({ status: 'completed' });
    expect(engine.space('default').tick).toBe(2);
  });

  it('runs cold actions in the background with a bounded queue', async () => {
    const engine = new Engine();
    engine.actions.removeRule('novelty-alert');
    await engine.modules.patchConfig('action_controller', { coldQueueSize: 2 });
    engine.actions.upsertRule({ id: 'slow', when: {}, path: 'cold', actions: [{ type: 'notify', params: { event: 'custom.done' } }] });
    const done: unknown[] = [];
    engine.subscribe({ pattern: 'custom.done' }, (e) => {
      done.push(e);
    });
    const statuses = [0.1, 0.2, 0.3].map((x) => engine.emit({ vector: v(x) }).triggeredActions[0].status);
    expect(statuses).toEqual(['queued', 'queued', 'cancelled']);
    expect(done).toHaveLength(0);
    await settle();
    expect(done).toHaveLength(2);
    expect(engine.actions.stats).toMatchObject({ completed: 2, cancelled: 1 });
  });

  it('cancels hot actions past the time budget, and times out slow async ones', async () => {
    const engine = new Engine();
    engine.actions.removeRule('novelty-alert');
    engine.actions.registerExecutor({ type: 'busy', execute: () => { const end = performance.now() + 8; while (performance.now() < end); return 'done'; } });
    engine.actions.registerExecutor({ type: 'stuck', execute: () => new Promise(() => undefined) });
    await engine.modules.patchConfig('action_controller', { hotBudgetMs: 5, coldTimeoutMs: 30 });
    engine.actions.upsertRule({ id: 'heavy', when: {}, actions: [{ type: 'busy' }, { type: 'busy' }] });
    expect(engine.emit({ vector: v(0.1) }).triggeredActions.map((a) => a.status)).toEqual(['completed', 'cancelled']);
    // The budget counts from the first hot action, which runs however little budget there is.
    await engine.modules.patchConfig('action_controller', { hotBudgetMs: 1e-9 });
    engine.actions.upsertRule({ id: 'heavy', when: {}, actions: [{ type: 'log', params: { message: 'first' } }, { type: 'log', params: { message: 'second' } }] });
    expect(engine.emit({ vector: v(0.2) }).triggeredActions.map((a) => a.status)).toEqual(['completed', 'cancelled']);
    await engine.modules.patchConfig('action_controller', { hotBudgetMs: 5 });
    engine.actions.removeRule('heavy');
    engine.actions.upsertRule({ id: 'hang', when: {}, actions: [{ type: 'stuck' }] });
    expect(engine.emit({ vector: v(0.9) }).triggeredActions[0].status).toBe('queued');
    await settle(60);
    expect(engine.actions.history(1)[0]).toMatchObject({ ruleId: 'hang', status: 'timeout' });
  });

  it('publishes action.started / completed / failed and records every execution', async () => {
    const engine = new Engine();
    // The hot-path budget is not under test here: a loaded CI machine must not cancel the second action.
    await engine.modules.patchConfig('action_controller', { hotBudgetMs: 1000 });
    engine.actions.removeRule('novelty-alert');
    engine.actions.registerExecutor({ type: 'boom', execute: () => { throw new Error('nope'); } });
    engine.actions.upsertRule({ id: 'fails', when: {}, actions: [{ type: 'boom' }, { type: 'log', params: { message: 'ok' } }] });
    const events: string[] = [];
    engine.subscribe({ pattern: 'action.*' }, (e) => {
      events.push(e.type);
    });
    const result = engine.emit({ vector: v(0.2) });
    expect(result.triggeredActions.map((a) => [a.status, a.error])).toEqual([['failed', 'nope'], ['completed', undefined]]);
    expect(events).toEqual(['action.started', 'action.failed', 'action.started', 'action.completed']);
    expect(engine.actions.history(2).map((e) => e.status)).toEqual(['completed', 'failed']);
  });

  it('refuses invalid rules naming the field, and a disabled controller triggers nothing', async () => {
    const engine = new Engine();
    const error = refusal(() => engine.actions.upsertRule({ id: 'Bad Id', when: { $nope: 1 }, actions: [{ type: 'teleport' }, { type: 'webhook', params: { url: 'http://169.254.169.254/latest' } }], path: 'warm' }));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.issues.map((i) => `${i.field}:${i.rule}`)).toEqual(['id:pattern', 'path:enum', 'actions.0.type:enum', 'actions.1.params.url:forbiddenHost', 'when.$nope:operator']);
    await engine.modules.disable('action_controller');
    expect(engine.emit({ vector: v(0.3) }).triggeredActions).toEqual([]);
  });
});

describe('webhook executor', () => {
  let server: Server;
  let port = 0;
  const received: string[] = [];
  let failuresLeft = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push(body);
        if (failuresLeft-- > 0) res.writeHead(503).end();
        else res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  async function engineWithHook(allowHosts: string[]) {
    const engine = new Engine();
    engine.actions.removeRule('novelty-alert');
    await engine.modules.patchConfig('action_controller', { webhook: { allowHosts, timeoutMs: 1000, retries: 2, backoffMs: 5 } });
    engine.actions.upsertRule({ id: 'hook', when: {}, path: 'cold', actions: [{ type: 'webhook', params: { url: `http://127.0.0.1:${port}/hook` } }] });
    return engine;
  }

  it('posts the signal to an allowed host, retrying server errors with backoff', async () => {
    received.length = 0;
    failuresLeft = 1;
    const engine = await engineWithHook(['127.0.0.1']);
    engine.emit({ vector: v(0.4) });
    await until(() => engine.actions.history(1)[0]?.status === 'completed');
    expect(received).toHaveLength(2);
    expect(JSON.parse(received[1])).toMatchObject({ ruleId: 'hook', signal: { vector: v(0.4) } });
    expect(engine.actions.history(1)[0]).toMatchObject({ status: 'completed', output: { status: 204, attempts: 2 } });
  });

  it('is off until hosts are allowed, and never calls other hosts', async () => {
    received.length = 0;
    const off = await engineWithHook([]);
    off.emit({ vector: v(0.4) });
    await until(() => off.actions.history(1)[0]?.status === 'failed');
    expect(off.actions.history(1)[0]).toMatchObject({ status: 'failed', error: 'webhooks are off: no host is allowed' });
    const elsewhere = await engineWithHook(['hooks.example.com']);
    elsewhere.emit({ vector: v(0.4) });
    await until(() => elsewhere.actions.history(1)[0]?.status === 'failed');
    expect(elsewhere.actions.history(1)[0].error).toMatch(/not in the allow-list/);
    expect(received).toHaveLength(0);
  });

  it('recognises forbidden and allowed hosts', () => {
    expect(['169.254.169.254', '[fe80::1]', 'metadata.google.internal', '100.100.100.200'].map(forbiddenHost)).toEqual([true, true, true, true]);
    expect(forbiddenHost('api.example.com')).toBe(false);
    expect(hostAllowed('a.hooks.example.com', ['*.example.com'])).toBe(true);
    expect(hostAllowed('example.com.evil.io', ['*.example.com'])).toBe(false);
  });
});
