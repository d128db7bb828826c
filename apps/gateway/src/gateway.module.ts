import { type DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@neurograph/server-auth';
import { BusModule } from '@neurograph/server-bus';
import { ConfigModule, SERVER_CONFIG, type ServerConfig } from '@neurograph/server-config';
import { ObservabilityModule } from '@neurograph/server-observability';
import { PersistenceModule } from '@neurograph/server-persistence';
import { HttpSignalIngest, RealtimeModule } from '@neurograph/server-realtime';

/**
 * A standalone real-time gateway: the same module the api mounts, reading engine events from the
 * Redis bus, authenticating against the shared database, forwarding `signal` events to the api.
 */
@Module({})
export class GatewayModule {
  static forRoot(config: ServerConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        ConfigModule.forRoot(config),
        ObservabilityModule.forRoot(config, 'neurograph-gateway'),
        BusModule,
        PersistenceModule,
        AuthModule,
        RealtimeModule.forRoot({ ingest: { inject: [SERVER_CONFIG], useFactory: (c: ServerConfig) => new HttpSignalIngest(c.realtime.apiUrl) } }),
      ],
    };
  }
}
