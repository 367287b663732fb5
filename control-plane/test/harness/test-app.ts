import { randomBytes } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Client } from 'pg';
import { createApp } from '../../src/app.factory';
import { loadAppConfig } from '../../src/config/app-config';
import { Database } from '../../src/database/database';

/** The server integration specs use; CI runs the same PostgreSQL on loopback with trust auth. */
const SERVER_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432';

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: `${SERVER_URL}/postgres`, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `Integration specs need PostgreSQL at ${SERVER_URL} (database "postgres", trust auth); set TEST_DATABASE_URL to use another. ` +
        `Connecting failed: ${(error as Error).message}`,
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/** A throwaway database named wom_test_<random>, so spec files can run in parallel. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `wom_test_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  return {
    url: `${SERVER_URL}/${name}`,
    drop: () => admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

export interface TestApp {
  readonly app: NestExpressApplication;
  readonly http: ReturnType<NestExpressApplication['getHttpServer']>;
  readonly database: Database;
  close(): Promise<void>;
}

/** Boots the real app (migrations included) on a fresh database. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  // Monitoring reads every router each 10 s by default; a spec that wants it on says so, the others stay deterministic.
  // The emulated routers listen on 127.0.0.1, which the product refuses unless ROUTER_ALLOW_LOOPBACK says this is a lab.
  const config = loadAppConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent', DB_POOL_SIZE: '10', MONITOR_INTERVAL_SECONDS: '0', ROUTER_ALLOW_LOOPBACK: 'true', ...env });
  const app = await createApp(config);
  app.useLogger(false);
  await app.init();
  return {
    app,
    http: app.getHttpServer(),
    database: app.get(Database),
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}

export interface MultiUserTestApp extends TestApp {
  /** The first admin's one-time password, as printed at start. */
  readonly bootstrapPassword: string;
  /** Everything the app printed to stdout while starting. */
  readonly startupOutput: string;
}

/** Boots the app with authentication on, capturing the bootstrap admin's one-time password. */
export async function startMultiUserApp(env: Record<string, string> = {}): Promise<MultiUserTestApp> {
  let output = '';
  const write = process.stdout.write.bind(process.stdout);
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    output += String(chunk);
    return chunk.length === 0 ? write(chunk, ...(rest as [])) : true;
  });
  let app: TestApp;
  try {
    app = await startTestApp({ AUTH_MODE: 'multi-user', JWT_SECRET: randomBytes(32).toString('base64'), ...env });
  } finally {
    spy.mockRestore();
  }
  return { ...app, bootstrapPassword: /one-time password: (\S+)/.exec(output)?.[1] ?? '', startupOutput: output };
}
