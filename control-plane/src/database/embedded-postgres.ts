import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** Where `pg` connects: a unix-socket directory, as PostgreSQL itself lays it out. */
export interface SocketConnection {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly username: string;
}

const SOCKET_PORT = 5432;
/** sun_path holds 108 bytes on Linux; longer paths fail with a cryptic EINVAL. */
const MAX_SOCKET_PATH = 100;

/**
 * The zero-setup database: PGlite under `<dataDir>/pglite`, served over the Postgres wire
 * protocol on a unix socket so the app uses the same `pg` driver as in production.
 *
 * PGlite is one backend session behind every connection, so two processes opening the same
 * directory would corrupt it: a lock file holding our pid keeps a second one out, and a lock
 * or socket left by a crashed process is removed.
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    private readonly lockPath: string,
    private readonly socketPath: string,
    readonly connection: SocketConnection,
  ) {}

  static async start(dataDir: string, maxConnections: number): Promise<EmbeddedPostgres> {
    const root = join(dataDir, 'pglite');
    mkdirSync(root, { recursive: true });
    const lockPath = join(root, 'control-plane.lock');
    const socketPath = join(root, `.s.PGSQL.${SOCKET_PORT}`);
    if (socketPath.length > MAX_SOCKET_PATH) {
      throw new Error(`DATA_DIR is too deep for a unix socket (${socketPath.length} > ${MAX_SOCKET_PATH} characters): choose a shorter DATA_DIR.`);
    }
    acquireLock(lockPath);
    try {
      // Only our own crashed process can have left it: we hold the lock now.
      rmSync(socketPath, { force: true });
      const db = await PGlite.create(join(root, 'db'));
      const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections });
      await server.start();
      return new EmbeddedPostgres(db, server, lockPath, socketPath, { host: root, port: SOCKET_PORT, database: 'postgres', username: 'postgres' });
    } catch (error) {
      rmSync(lockPath, { force: true });
      throw error;
    }
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await this.db.close();
    rmSync(this.socketPath, { force: true });
    rmSync(this.lockPath, { force: true });
  }
}

function acquireLock(lockPath: string): void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lockPath, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
        throw new Error(`The embedded database ${lockPath.replace(/\/control-plane\.lock$/, '')} is in use by process ${holder}. Stop it first, or set DATA_DIR to another directory.`);
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${lockPath}: another process keeps recreating it.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
