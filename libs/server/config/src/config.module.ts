import { type DynamicModule, Global, Module } from '@nestjs/common';
import { loadConfig, type ServerConfig } from './config.js';

/** Injection token of the validated `ServerConfig`. */
export const SERVER_CONFIG = Symbol('SERVER_CONFIG');

/** The one config module: validated once at start-up, injected everywhere as `SERVER_CONFIG`. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: ServerConfig = loadConfig()): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: SERVER_CONFIG, useValue: config }], exports: [SERVER_CONFIG] };
  }
}
