import { type DynamicModule, Module } from '@nestjs/common';
import { AuthModule, principalKey } from '@neurograph/server-auth';
import { BusModule } from '@neurograph/server-bus';
import { ConfigModule, type ServerConfig } from '@neurograph/server-config';
import { EngineModule, SignalsService } from '@neurograph/server-engine';
import { ObservabilityModule } from '@neurograph/server-observability';
import { PersistenceModule } from '@neurograph/server-persistence';
import { RealtimeModule } from '@neurograph/server-realtime';
import { ApiKeysController, AuthController, UsersController } from './controllers/auth.controller.js';
import { RulesController, SensorsController } from './controllers/catalog.controller.js';
import { CdnaController, ModulesController } from './controllers/engine.controller.js';
import { RealtimeController } from './controllers/realtime.controller.js';
import { SignalsController } from './controllers/signals.controller.js';
import { SpacesController } from './controllers/spaces.controller.js';
import { SystemController } from './controllers/system.controller.js';

/** The REST API: wiring only; the logic lives in the server libraries. */
@Module({})
export class AppModule {
  static forRoot(config: ServerConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        ObservabilityModule.forRoot(config, 'neurograph-api'),
        BusModule,
        PersistenceModule,
        AuthModule,
        EngineModule,
        // The embedded gateway: `/realtime` and `/ws` on the api's own port, signals straight into its engine.
        RealtimeModule.forRoot({
          imports: [EngineModule],
          ingest: { inject: [SignalsService], useFactory: (signals: SignalsService) => ({ emit: async (input, principal) => signals.emit(input, principalKey(principal, '')) }) },
        }),
      ],
      controllers: [AuthController, UsersController, ApiKeysController, SignalsController, SpacesController, ModulesController, CdnaController, SensorsController, RulesController, SystemController, RealtimeController],
    };
  }
}
