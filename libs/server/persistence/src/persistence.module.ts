import { Global, Module } from '@nestjs/common';
import { SERVER_CONFIG, type ServerConfig } from '@neurograph/server-config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source.js';
import { ENTITIES } from './entities/index.js';

/** The database (PostgreSQL or embedded PGlite) and a repository for every entity. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [SERVER_CONFIG],
      useFactory: (config: ServerConfig) => dataSourceOptions(config),
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options as ConstructorParameters<typeof DataSource>[0]).initialize();
        return dataSource;
      },
    }),
    TypeOrmModule.forFeature(ENTITIES),
  ],
  exports: [TypeOrmModule],
})
export class PersistenceModule {}
