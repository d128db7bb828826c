import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { SERVER_NODE_FLAGS } from '@neurograph/server-config';

export const ROOT = join(__dirname, '../../..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface Server {
  url: string;
  child: ChildProcess;
  /** SIGTERM, then waits for the graceful exit (the write-behind flushes on the way out); says how the process ended. */
  stop(): Promise<string>;
}

/**
 * Starts a Node script in its own process (the load generator must not share its event loop), with
 * the flags the servers run with in production, peers included, so that all run alike.
 */
export async function startServer(script: string, args: string[], env: Record<string, string>, ready: RegExp): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, script, ...args], { cwd: ROOT, env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    stop: () =>
      new Promise((resolve) => {
        // Nest re-raises the signal once its shutdown hooks have run: a clean stop ends "by SIGTERM".
        child.once('exit', (code, signal) => resolve(signal ? `by ${signal}` : `with exit code ${code}`));
        child.kill('SIGTERM');
      }),
  };
}
