import { type DynamicModule, type FactoryProvider, Module, type ModuleMetadata } from '@nestjs/common';
import { SERVER_CONFIG, type ServerConfig } from '@neurograph/server-config';
import Redis from 'ioredis';
import { RealtimeAuthenticator } from './authenticator.js';
import { ClientCommands } from './commands.js';
import { PlainWsServer } from './plain-ws.server.js';
import { RealtimeHub } from './realtime.hub.js';
import { MemoryResumeStore, RedisResumeStore, RESUME_STORE } from './resume-store.js';
import { SIGNAL_INGEST, type SignalIngest } from './signal-ingest.js';
import { SocketIoGateway } from './socket-io.gateway.js';

export interface RealtimeModuleOptions {
  /** Modules the ingest factory needs (the api's engine). */
  imports?: ModuleMetadata['imports'];
  /** Where `signal` events go: the engine in the api process, the api over HTTP in a standalone gateway. */
  ingest: Omit<FactoryProvider<SignalIngest>, 'provide'>;
}

/** The real-time gateway of spec 03-realtime.md; needs the bus, auth, config and metrics modules. */
@Module({})
export class RealtimeModule {
  static forRoot(options: RealtimeModuleOptions): DynamicModule {
    return {
      module: RealtimeModule,
      imports: options.imports ?? [],
      providers: [
        RealtimeHub,
        ClientCommands,
        RealtimeAuthenticator,
        SocketIoGateway,
        PlainWsServer,
        { provide: SIGNAL_INGEST, ...options.ingest },
        {
          provide: RESUME_STORE,
          inject: [SERVER_CONFIG],
          // With Redis a token works on every replica; without, the one process keeps them.
          useFactory: (config: ServerConfig) => (config.redisUrl ? new RedisResumeStore(new Redis(config.redisUrl, { maxRetriesPerRequest: 2 }), `${config.redisPrefix}resume:`) : new MemoryResumeStore()),
        },
      ],
      exports: [RealtimeHub, PlainWsServer],
    };
  }
}
