import type { INestApplication } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { ServerConfig } from '@neurograph/server-config';
import { createAdapter } from '@socket.io/redis-adapter';
import Redis from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';
import { PlainWsServer } from './plain-ws.server.js';
import { REALTIME_PATH } from './socket-io.gateway.js';
import { perMessageDeflate } from './websocket-frames.js';

/**
 * socket.io configured from the environment (heartbeat, compression, transports) and, with
 * `REDIS_URL`, joined to the other replicas through the Redis adapter. The classic adapter:
 * the sharded one needs the `redis` client, and this codebase has one Redis client, ioredis.
 */
class RealtimeIoAdapter extends IoAdapter {
  private readonly redisClients: Redis[] = [];

  constructor(
    app: INestApplication,
    private readonly config: ServerConfig,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const realtime = this.config.realtime;
    const server: Server = super.createIOServer(port, {
      ...options,
      path: REALTIME_PATH,
      serveClient: false,
      // WebSocket only unless asked: no sticky sessions needed behind a load balancer.
      transports: realtime.polling ? ['polling', 'websocket'] : ['websocket'],
      pingInterval: realtime.heartbeatIntervalMs,
      pingTimeout: realtime.heartbeatTimeoutMs,
      // Above this engine.io closes the connection; up to it, oversize events get an error ack.
      maxHttpBufferSize: this.config.bodyLimitBytes * 2,
      perMessageDeflate: perMessageDeflate(realtime.compressionThresholdBytes),
      // Upgrades for other paths (`/ws`) are someone else's.
      destroyUpgrade: false,
      cors: { origin: this.config.corsOrigins.length > 0 ? this.config.corsOrigins : false, credentials: true },
    } as Partial<ServerOptions>);
    if (this.config.redisUrl) {
      const pub = new Redis(this.config.redisUrl, { maxRetriesPerRequest: 2 });
      const sub = pub.duplicate();
      this.redisClients.push(pub, sub);
      server.adapter(createAdapter(pub, sub, { key: `${this.config.redisPrefix}io` }));
    }
    return server;
  }

  /**
   * Nest binds each `@SubscribeMessage` handler per socket, and builds a disconnect observable for
   * them even when there are none; the gateway dispatches every event itself (`onAny`), so with
   * no handlers there is nothing to bind and no observable to keep per connection.
   */
  override bindMessageHandlers(...args: Parameters<IoAdapter['bindMessageHandlers']>): void {
    if (args[1].length > 0) super.bindMessageHandlers(...args);
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    await Promise.all(this.redisClients.splice(0).map((client) => client.quit().catch(() => undefined)));
  }
}

/** Serves `/realtime` (socket.io) and `/ws` (plain WebSocket) on the app's own HTTP server; call before `init()`. */
export function mountRealtime(app: INestApplication, config: ServerConfig): void {
  app.useWebSocketAdapter(new RealtimeIoAdapter(app, config));
  app.get(PlainWsServer).attach(app.getHttpServer());
}
