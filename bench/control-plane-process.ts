import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ControlPlaneProcess as ChildControlPlane, freePort } from '../scripts/demo/control-plane-process';

export { freePort };

/**
 * The built control plane (control-plane/dist/main.js) as a separate process, the way it
 * runs in production, on a fresh PostgreSQL database or a fresh embedded PGlite directory.
 * Spawning and stopping are the demo's; this adds the throw-away database and CPU readings.
 */
export interface ControlPlaneProcess {
  /** What the control plane has printed so far (its log file). */
  readonly log: () => string;
  readonly baseUrl: string;
  readonly pid: number;
  /** CPU time the control-plane process has used so far, in milliseconds (from /proc). */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** The runner starts every case in the repository root (the cases are bundled elsewhere). */
const ROOT = process.cwd();
const ADMIN_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: ADMIN_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Bundles the current sources, so a case measures what `npm start` runs. */
export function buildControlPlane(): void {
  ChildControlPlane.build(ROOT);
}

export async function startControlPlane(store: 'postgres' | 'pglite', env: Record<string, string> = {}, nodeArgs: readonly string[] = []): Promise<ControlPlaneProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wom-bench-'));
  const databaseName = `wom_bench_${randomBytes(6).toString('hex')}`;
  if (store === 'postgres') await adminQuery(`CREATE DATABASE ${databaseName}`);
  const dropDatabase = () => (store === 'postgres' ? adminQuery(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`) : Promise.resolve());
  const cleanUp = async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await dropDatabase();
  };
  let child: ChildControlPlane;
  try {
    child = await ChildControlPlane.start({
      repoRoot: ROOT,
      port: await freePort(),
      dataDir,
      logFile: join(dataDir, 'control-plane.log'),
      // A new embedded database takes several seconds to initialise.
      readyTimeoutMs: 120_000,
      nodeArgs,
      env: {
        LOG_LEVEL: 'warn',
        RATE_LIMIT_DEFAULT: '0',
        RATE_LIMIT_HEAVY: '0',
        WOM_MASTER_KEY: randomBytes(32).toString('hex'),
        // The benchmarks' emulated routers listen on 127.0.0.1.
        ROUTER_ALLOW_LOOPBACK: 'true',
        ...(store === 'postgres' ? { DATABASE_URL: ADMIN_DATABASE_URL.replace(/\/[^/]*$/, `/${databaseName}`), DB_POOL_SIZE: '20' } : {}),
        ...env,
      },
    });
  } catch (error) {
    await cleanUp();
    throw error;
  }
  const pid = child.pid!;
  return {
    baseUrl: child.baseUrl,
    pid,
    log: () => readFileSync(child.logFile, 'utf8'),
    cpuMs: () => processCpuMs(pid),
    stop: async () => {
      await child.stop();
      await cleanUp();
    },
  };
}

/** utime + stime of a process from /proc/<pid>/stat, in milliseconds (clock ticks of 10 ms). */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
