import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import type { SocketConnection } from './embedded-postgres';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/**
 * The one TypeORM configuration, for PostgreSQL and the embedded PGlite alike (both speak
 * the wire protocol to `pg`). Never `synchronize`: the committed migrations are the schema.
 */
export function dataSourceOptions(connection: { readonly url: string } | SocketConnection, poolSize: number): DataSourceOptions {
  return {
    type: 'postgres',
    ...connection,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    namingStrategy: new SnakeNamingStrategy(),
    // gen_random_uuid() is built into PostgreSQL ≥ 13 and PGlite; nothing to install.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    extra: { max: poolSize },
    logging: false,
  };
}
