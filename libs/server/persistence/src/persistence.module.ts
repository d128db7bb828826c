import { Global, Inject, Injectable, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { SERVER_CONFIG, type ServerConfig } from '@neurograph/server-config';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source.js';
import { ENTITIES } from './entities/index.js';

/** Applies pending migrations at start-up unless MIGRATE_ON_START=false (clusters run a migration Job). */
@Injectable()
export class MigrateOnStart implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.migrateOnStart) return;
    const applied = await this.dataSource.runMigrations({ transaction: 'all' });
    if (applied.length > 0) new Logger('Database').log(`Applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}`);
  }
}

/** The database (PostgreSQL or embedded PGlite) and a repository for every entity. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [SERVER_CONFIG],
      useFactory: (config: ServerConfig) => dataSourceOptions(config),
      dataSourceFactory: (options) => new DataSource(options as ConstructorParameters<typeof DataSource>[0]).initialize(),
    }),
    TypeOrmModule.forFeature(ENTITIES),
  ],
  providers: [MigrateOnStart],
  exports: [TypeOrmModule],
})
export class PersistenceModule {}
