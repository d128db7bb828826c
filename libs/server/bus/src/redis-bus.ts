import Redis from 'ioredis';
import { type BusHandler, type BusMessage, type EventBus, HandlerTable } from './event-bus.js';

// Numbering and publishing in one atomic step: every subscriber sees a channel's messages in
// sequence order, whichever replica published them.
const PUBLISH_SCRIPT = `
local seq = redis.call('INCR', KEYS[1])
local message = '{"seq":' .. seq .. ',' .. ARGV[1]
redis.call('PUBLISH', KEYS[2], message)
return seq`;

/** Engine events shared by every replica through Redis pub/sub, numbered per channel in Redis. */
export class RedisEventBus implements EventBus {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly handlers = new HandlerTable();

  constructor(
    url: string,
    private readonly prefix = 'ng:bus:',
  ) {
    this.publisher = new Redis(url, { maxRetriesPerRequest: 2 });
    this.subscriber = new Redis(url, { maxRetriesPerRequest: 2 });
    this.publisher.defineCommand('ngBusPublish', { numberOfKeys: 2, lua: PUBLISH_SCRIPT });
    this.subscriber.on('message', (redisChannel: string, text: string) => {
      if (!redisChannel.startsWith(this.prefix)) return;
      this.handlers.deliver(JSON.parse(text) as BusMessage);
    });
  }

  async publish(channel: string, type: string, payload: unknown): Promise<BusMessage> {
    const at = new Date().toISOString();
    // The script prepends `{"seq":N,` to the rest of the document.
    const rest = JSON.stringify({ channel, type, payload, at }).slice(1);
    const publish = (this.publisher as unknown as { ngBusPublish(seqKey: string, topic: string, rest: string): Promise<number> }).ngBusPublish;
    const seq = await publish.call(this.publisher, `${this.prefix}seq:${channel}`, this.prefix + channel, rest);
    return { channel, seq, type, payload, at };
  }

  async subscribe(channel: string, handler: BusHandler): Promise<() => Promise<void>> {
    if (this.handlers.add(channel, handler)) await this.subscriber.subscribe(this.prefix + channel);
    return async () => {
      if (this.handlers.remove(channel, handler)) await this.subscriber.unsubscribe(this.prefix + channel);
    };
  }

  async close(): Promise<void> {
    this.handlers.clear();
    await Promise.all([this.publisher.quit(), this.subscriber.quit()]);
  }
}
