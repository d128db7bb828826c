import { type ChildProcess, fork } from 'node:child_process';
import { wallClock } from '../stats';

/** A process of the benchmark, driven by request/answer messages over IPC. */
export interface Peer {
  child: ChildProcess;
  call<T = unknown>(command: string, args?: Record<string, unknown>, timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
}

let nextId = 0;

export function startPeer(script: string, args: string[], env: Record<string, string> = {}, execArgv: string[] = []): Promise<Peer> {
  const child = fork(script, args, { env: { ...process.env, ...env }, execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  child.on('message', (message: { id: number; result?: unknown; error?: string }) => {
    const entry = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.error) entry?.reject(new Error(message.error));
    else entry?.resolve(message.result);
  });
  const peer: Peer = {
    child,
    call: (command, callArgs = {}, timeoutMs = 120_000) =>
      new Promise((resolve, reject) => {
        const id = ++nextId;
        const timer = setTimeout(() => reject(new Error(`${command} timed out`)), timeoutMs);
        waiting.set(id, {
          resolve: (value) => (clearTimeout(timer), resolve(value as never)),
          reject: (error) => (clearTimeout(timer), reject(error)),
        });
        child.send({ id, command, ...callArgs });
      }),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
    child.once('message', (message: { ready?: boolean }) => (message.ready ? resolve(peer) : reject(new Error('unexpected first message'))));
  });
}

/** CPU time (user + system) this process has used, in milliseconds. */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * The child side: answers each command with its handler's result; every child also answers `cpu`.
 * Each handler declares the arguments it reads (`never` admits any of them); they arrive in the message beside `id` and `command`.
 */
export function serve(handlers: Record<string, (args: never) => unknown>): void {
  const all: typeof handlers = { cpu: cpuMs, ...handlers };
  process.on('message', async (message: { id: number; command: string }) => {
    try {
      const handler = all[message.command];
      if (!handler) throw new Error(`unknown command ${message.command}`);
      process.send?.({ id: message.id, result: await handler(message as never) });
    } catch (error) {
      process.send?.({ id: message.id, error: (error as Error).stack ?? String(error) });
    }
  });
  process.send?.({ ready: true });
}


/**
 * Calls `send` `count` times at `rate` per second (0: once per event-loop turn, so the process
 * keeps serving its sockets); returns when the first was sent.
 */
export async function paced(count: number, rate: number, send: (n: number) => unknown): Promise<number> {
  const started = wallClock();
  for (let n = 0; n < count; n++) {
    if (rate > 0) {
      const wait = started + (n * 1000) / rate - wallClock();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    } else if (n > 0) await new Promise((resolve) => setImmediate(resolve));
    await send(n);
  }
  return started;
}
