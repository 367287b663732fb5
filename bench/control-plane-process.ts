import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../control-plane/test/harness/nats-server';

export { freePort };

/**
 * The built control plane (control-plane/dist/main.js) as a separate process, the way it
 * runs in production, on a fresh PostgreSQL database or a fresh embedded PGlite directory.
 */
export interface ControlPlaneProcess {
  readonly baseUrl: string;
  readonly pid: number;
  /** CPU time the control-plane process has used so far, in milliseconds (from /proc). */
  cpuMs(): number;
  stop(): Promise<void>;
}

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

export async function startControlPlane(store: 'postgres' | 'pglite', env: Record<string, string> = {}, nodeArgs: readonly string[] = []): Promise<ControlPlaneProcess> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'wom-bench-'));
  const databaseName = `wom_bench_${randomBytes(6).toString('hex')}`;
  if (store === 'postgres') await adminQuery(`CREATE DATABASE ${databaseName}`);
  const databaseUrl = ADMIN_DATABASE_URL.replace(/\/[^/]*$/, `/${databaseName}`);
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, 'control-plane/dist/main.js'], {
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_DEFAULT: '0',
      RATE_LIMIT_HEAVY: '0',
      WOM_MASTER_KEY: randomBytes(32).toString('hex'),
      ...(store === 'postgres' ? { DATABASE_URL: databaseUrl, DB_POOL_SIZE: '20' } : {}),
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    rmSync(dataDir, { recursive: true, force: true });
    if (store === 'postgres') await adminQuery(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
  };
  // A new embedded database takes several seconds to initialise; bounded at two minutes.
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`control plane exited with ${child.exitCode}: ${stderr}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`control plane not ready after 120 s: ${stderr}`);
    }
    const ready = await fetch(`${baseUrl}/readyz`).then((res) => res.ok, () => false);
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const pid = child.pid!;
  return { baseUrl, pid, cpuMs: () => processCpuMs(pid), stop };
}

/** utime + stime of a process from /proc/<pid>/stat, in milliseconds (clock ticks of 10 ms). */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
