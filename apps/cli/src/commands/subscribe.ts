import { CHANNELS, type Channel } from '@neurograph/rbac';
import { type Envelope, type Filter, NetworkError, type RealtimeClient } from '@neurograph/sdk';
import { type Command, Option } from 'commander';
import type { Cli } from '../context.js';
import { UsageError } from '../errors.js';
import { jsonObject, parseInteger } from '../input.js';
import type { Output } from '../output.js';

type Format = 'pretty' | 'json' | 'compact';

interface SubscribeOptions {
  filter?: string;
  format?: Format;
  space?: string;
  count?: string;
}

export function registerSubscribe(program: Command, cli: Cli): void {
  program
    .command('subscribe <channels>')
    .description(`print live events of channels (comma-separated: ${CHANNELS.join(', ')}) until Ctrl-C`)
    .option('--filter <json>', 'server-side filter for signals, actions and logs, e.g. {"tags":{"$contains":"alarm"}}')
    .addOption(new Option('--format <format>', 'pretty, json (one object per line) or compact (default: pretty, json with --json)').choices(['pretty', 'json', 'compact']))
    .option('--space <space>', 'only events of this space')
    .option('--count <n>', 'exit after this many events')
    .addHelpText('after', `\nExample: neurograph subscribe signals,actions --filter '{"type":"alarm"}' --format compact`)
    .action(async (list: string, options: SubscribeOptions) => {
      const channels = parseChannels(list);
      const filter = options.filter === undefined ? undefined : (jsonObject(options.filter, '--filter') as Filter);
      const format: Format = options.format ?? (cli.options.json ? 'json' : 'pretty');
      const limit = options.count === undefined ? Number.POSITIVE_INFINITY : parseInteger(options.count, '--count', 1);
      const rt = cli.client().realtime();
      try {
        await tail(cli, rt, channels, { filter, space: options.space, format, limit });
      } finally {
        rt.close();
      }
    });
}

async function tail(cli: Cli, rt: RealtimeClient, channels: Channel[], options: { filter?: Filter; space?: string; format: Format; limit: number }): Promise<void> {
  const out = cli.out;
  let received = 0;
  let finish!: (error?: Error) => void;
  const finished = new Promise<void>((resolve, reject) => (finish = (error) => (error ? reject(error) : resolve())));
  const print = (event: Envelope) => {
    if (received >= options.limit) return;
    received += 1;
    out.print(render(out, event, options.format));
    if (received >= options.limit) finish();
  };

  rt.on('error', (error) => finish(error));
  rt.on('gap', (gap) => out.warn(`missed ${gap.channel} events ${gap.fromSeq}–${Number.isFinite(gap.toSeq) ? gap.toSeq : '…'}`));
  rt.on('state', (state) => {
    if (state === 'reconnecting') out.notice(out.style('dim', 'connection lost, reconnecting…'));
  });
  await withTimeout(rt.ready(), cli.options.timeout, 'the real-time connection');
  for (const channel of channels) await rt.subscribe(channel, { filter: options.filter, space: options.space }, print).ready;
  out.notice(out.style('dim', `listening on ${channels.join(', ')} — Ctrl-C to stop`));

  const stop = () => finish();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await finished;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

function parseChannels(list: string): Channel[] {
  const names = list.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !(CHANNELS as readonly string[]).includes(name));
  if (names.length === 0 || unknown.length > 0) throw new UsageError(`unknown channel ${unknown.join(', ') || '""'}: choose from ${CHANNELS.join(', ')}`);
  return [...new Set(names)] as Channel[];
}

function render(out: Output, event: Envelope, format: Format): string {
  if (format === 'json') return JSON.stringify(event);
  const time = event.timestamp.slice(11, 23);
  if (format === 'compact') return `${time} ${event.channel}#${event.seq} ${event.type} ${JSON.stringify(event.data)}`;
  return `${out.style('dim', time)} ${out.style('cyan', `${event.channel}#${event.seq}`)} ${out.style('bold', event.type)}\n${indent(JSON.stringify(event.data, null, 2))}`;
}

const indent = (text: string) => text.replace(/^/gm, '  ');

async function withTimeout<T>(promise: Promise<T>, timeoutMs: string, what: string): Promise<T> {
  const limit = parseInteger(timeoutMs, '--timeout', 1);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new NetworkError(`${what} did not open within ${limit} ms`, { status: 0, code: 'CONNECT_TIMEOUT' })), limit);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
