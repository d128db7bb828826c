import { Module } from '@nestjs/common';
import { CatalogService } from './catalog.service.js';
import { CdnaService } from './cdna.service.js';
import { EngineHost } from './engine-host.js';
import { ModulesService } from './modules.service.js';
import { SignalsService } from './signals.service.js';
import { SpacesService } from './spaces.service.js';

/** The engine of this process and the services the API's controllers call. */
@Module({
  providers: [EngineHost, SignalsService, SpacesService, ModulesService, CdnaService, CatalogService],
  exports: [EngineHost, SignalsService, SpacesService, ModulesService, CdnaService, CatalogService],
})
export class EngineModule {}
