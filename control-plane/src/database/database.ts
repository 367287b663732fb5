import { Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source.options';
import { EmbeddedPostgres } from './embedded-postgres';

const EMBEDDED_POOL_SIZE = 1;

/**
 * The open database: PostgreSQL from DATABASE_URL, or the embedded PGlite. Migrations run
 * before the app serves anything, so code always meets the schema it was written for.
 */
export class Database {
  private static readonly logger = new Logger('Database');

  private constructor(
    readonly dataSource: DataSource,
    private readonly embedded: EmbeddedPostgres | null,
  ) {}

  static async open(config: AppConfig): Promise<Database> {
    // PGlite is one backend behind every socket connection, and its socket server interleaves
    // the extended-protocol messages of concurrent connections (statements bound to another
    // connection's parameters). One connection loses nothing: PGlite serialises work anyway.
    const poolSize = config.databaseUrl === null ? EMBEDDED_POOL_SIZE : config.dbPoolSize;
    const embedded = config.databaseUrl === null ? await EmbeddedPostgres.start(config.dataDir, poolSize + 2) : null;
    const connection = embedded ? embedded.connection : { url: config.databaseUrl! };
    const dataSource = new DataSource(dataSourceOptions(connection, poolSize));
    try {
      await dataSource.initialize();
      const applied = await dataSource.runMigrations();
      Database.logger.log(
        `${embedded ? `embedded PGlite under ${config.dataDir}` : 'PostgreSQL'} ready; ${applied.length} migration(s) applied`,
      );
      return new Database(dataSource, embedded);
    } catch (error) {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
      throw error;
    }
  }

  /**
   * Runs `work` in one transaction. Every query inside must go through the given manager:
   * on PGlite a query on another pool connection waits for this transaction forever.
   */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    await this.embedded?.stop();
  }
}
