import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { SERVER_CONFIG, type ServerConfig } from '@neurograph/server-config';
import type { EventBus } from './event-bus.js';
import { MemoryEventBus } from './memory-bus.js';
import { RedisEventBus } from './redis-bus.js';

export const EVENT_BUS = Symbol('EVENT_BUS');

/** The process's event bus: through Redis when `REDIS_URL` is set, in memory otherwise. */
@Global()
@Module({
  providers: [
    {
      provide: EVENT_BUS,
      inject: [SERVER_CONFIG],
      useFactory: (config: ServerConfig): EventBus =>
        config.redisUrl ? new RedisEventBus(config.redisUrl, `${config.redisPrefix}bus:`, config.realtime.replayLimit) : new MemoryEventBus(config.realtime.replayLimit),
    },
  ],
  exports: [EVENT_BUS],
})
export class BusModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_BUS) private readonly bus: EventBus) {}

  async onApplicationShutdown(): Promise<void> {
    await this.bus.close();
  }
}
