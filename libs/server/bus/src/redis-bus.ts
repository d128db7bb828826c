import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { currentTraceparent, inSpan } from '@neurograph/server-observability';
import { SpanKind } from '@opentelemetry/api';
import Redis from 'ioredis';
import { type BusEnvelope, type BusEvent, type BusHandler, DEFAULT_REPLAY_LIMIT, envelopeJson, type EventBus, HandlerTable, JsonEvent, type PublishOptions } from './event-bus.js';

// Numbering, logging and publishing in one atomic step: every subscriber sees a channel's events
// in sequence order whichever replica published them, and the replay log (a capped stream whose
// entry ids are the sequence numbers) holds exactly what was published. A traced publisher's
// `traceparent` travels in front of the live message (ARGV[3], empty otherwise), never in the log.
const PUBLISH_SCRIPT = `
local seq = redis.call('INCR', KEYS[1])
local json = string.sub(ARGV[1], 1, -2) .. ',"seq":' .. seq .. '}'
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], seq .. '-0', 'e', json)
redis.call('PUBLISH', KEYS[3], ARGV[3] .. json)
return seq`;

type PublishArguments = [seqKey: string, logKey: string, topic: string, json: string, replayLimit: number, traceparent: string];
type PublishScript = (...args: PublishArguments) => unknown;

interface PendingPublish {
  args: PublishArguments;
  resolve(seq: number): void;
  reject(error: unknown): void;
}

/**
 * A message as Redis carries it: the envelope's JSON, or `traceparent` + space + the JSON. The JSON
 * is parsed only when a subscriber reads the envelope: a replica without a client on the channel
 * never does.
 */
function remoteEvent(channel: string, message: string): BusEvent {
  const start = message.charCodeAt(0) === 123 /* { */ ? 0 : message.indexOf('{');
  return start === 0 ? new JsonEvent(channel, message) : new JsonEvent(channel, message.slice(start), message.slice(0, start - 1));
}

function traceparentPrefix(): string {
  const traceparent = currentTraceparent();
  return traceparent ? `${traceparent} ` : '';
}

/** Engine events shared by every replica through Redis pub/sub, numbered and logged per channel in Redis. */
export class RedisEventBus implements EventBus {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly handlers = new HandlerTable();
  private pending: PendingPublish[] = [];

  constructor(
    url: string,
    private readonly prefix = 'ng:bus:',
    private readonly replayLimit = DEFAULT_REPLAY_LIMIT,
  ) {
    this.publisher = new Redis(url, { maxRetriesPerRequest: 2 });
    this.subscriber = new Redis(url, { maxRetriesPerRequest: 2 });
    this.publisher.defineCommand('ngBusPublish', { numberOfKeys: 3, lua: PUBLISH_SCRIPT });
    this.subscriber.on('message', (topic: string, json: string) => {
      if (topic.startsWith(this.prefix)) this.handlers.deliver(remoteEvent(topic.slice(this.prefix.length), json));
    });
  }

  publish(channel: string, type: string, data: unknown, options: PublishOptions = {}): Promise<BusEnvelope> {
    return inSpan(`publish ${channel}`, { kind: SpanKind.PRODUCER, attributes: () => ({ 'messaging.system': 'redis', 'messaging.destination.name': channel }) }, () => this.send(channel, type, data, options));
  }

  private async send(channel: string, type: string, data: unknown, options: PublishOptions): Promise<BusEnvelope> {
    const timestamp = new Date().toISOString();
    const id = options.id ?? randomUUID();
    // The script appends `"seq":N` to the document, so the payload is serialised once, here.
    const json = options.dataJson === undefined ? JSON.stringify({ channel, type, id, timestamp, data }) : envelopeJson(channel, type, id, undefined, timestamp, options.dataJson);
    const seq = await this.run([this.key('seq', channel), this.key('log', channel), this.prefix + channel, json, this.replayLimit, traceparentPrefix()]);
    return { channel, type, id, seq, timestamp, data };
  }

  /**
   * Publishes made in one synchronous stretch (the hundred events of a batch) leave in one
   * pipeline, written as soon as that stretch ends (a tick, not an event-loop turn: a lone event
   * is not held back behind other work, as ioredis's auto-pipelining would hold it).
   */
  private run(args: PublishArguments): Promise<number> {
    return new Promise((resolve, reject) => {
      if (this.pending.push({ args, resolve, reject }) === 1) process.nextTick(() => this.flushPending());
    });
  }

  private flushPending(): void {
    const batch = this.pending;
    this.pending = [];
    const pipeline = this.publisher.pipeline();
    for (const { args } of batch) (pipeline as unknown as { ngBusPublish: PublishScript }).ngBusPublish(...args);
    pipeline.exec().then(
      (results) => batch.forEach(({ resolve, reject }, i) => {
        const [error, seq] = results?.[i] ?? [new Error('Redis answered no result for a publish'), null];
        if (error) reject(error);
        else resolve(Number(seq));
      }),
      (error: unknown) => batch.forEach(({ reject }) => reject(error)),
    );
  }

  async subscribe(channel: string, handler: BusHandler): Promise<() => Promise<void>> {
    if (this.handlers.add(channel, handler)) {
      // A SUBSCRIBE written while ioredis is still connecting turns the connection into subscriber
      // mode before its own ready check (an INFO) runs, which then fails: wait for ready first.
      if (this.subscriber.status !== 'ready') await once(this.subscriber, 'ready');
      await this.subscriber.subscribe(this.prefix + channel);
    }
    return async () => {
      if (this.handlers.remove(channel, handler)) await this.subscriber.unsubscribe(this.prefix + channel);
    };
  }

  async replay(channel: string, afterSeq: number, limit: number): Promise<BusEvent[]> {
    const entries = await this.publisher.xrange(this.key('log', channel), `(${afterSeq}-0`, '+', 'COUNT', limit);
    return entries.map(([, fields]) => remoteEvent(channel, fields[1]));
  }

  async lastSeq(channel: string): Promise<number> {
    return Number((await this.publisher.get(this.key('seq', channel))) ?? 0);
  }

  async close(): Promise<void> {
    this.handlers.clear();
    await Promise.all([this.publisher.quit(), this.subscriber.quit()]);
  }

  private key(kind: 'seq' | 'log', channel: string): string {
    return `${this.prefix}${kind}:${channel}`;
  }
}
