import { type ChildProcess, spawn } from 'node:child_process';
import { SERVER_NODE_FLAGS } from '@neurograph/server-config';

/** A server process started from a built bundle, as a cluster runs it. */
export interface ServerProcess {
  origin: string;
  child: ChildProcess;
  /** Everything the server wrote on stdout so far (its banner, and what it logs there). */
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** The port in the first `localhost:<port>` of the server's banner (the api's and the gateway's both print one). */
function bannerPort(child: ChildProcess, output: () => string, name: string, deadline: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`${name} printed no banner`)), deadline - Date.now());
    const onData = () => {
      const match = /localhost:(\d+)/.exec(output());
      if (match) done(undefined, Number(match[1]));
    };
    const onExit = (code: number | null) => done(new Error(`${name} exited with ${code}`));
    const done = (error?: Error, port?: number) => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(port as number);
    };
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

/**
 * Starts `node <bundle>` with the servers' flags on a loopback port and waits until its readiness
 * probe answers. The server binds port 0 itself and its banner says which port it got (a port chosen
 * here and bound later could be taken meanwhile by a suite running beside it); `port` stands in for
 * a restarted one.
 */
export async function launchServer(bundle: string, env: Record<string, string>, name = bundle, port?: number): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, bundle], {
    env: { PATH: process.env['PATH'], NODE_ENV: 'test', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port ?? 0), ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // A test that times out never calls kill(): without this the server outlives Jest and, holding
  // its stderr, keeps the test runner's pipe (and CI) open.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      process.off('exit', killOnExit);
      resolve();
    }),
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const kill = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  try {
    const deadline = Date.now() + 30_000;
    const origin = `http://127.0.0.1:${port ?? (await bannerPort(child, () => output, name, deadline))}`;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
      const ready = await fetch(`${origin}/api/v1/health/ready`).then((r) => r.ok, () => false);
      if (ready) break;
      if (Date.now() > deadline) throw new Error(`${name} did not become ready`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return { origin, child, output: () => output, kill };
  } catch (error) {
    // Nobody gets a handle on a server that failed to start: it is stopped here.
    await kill('SIGKILL');
    throw error;
  }
}
