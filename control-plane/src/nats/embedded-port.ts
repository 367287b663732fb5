import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { freeLoopbackPort } from '@wom/routeros';
import { natsDir } from './nats-identity';

/** The NATS default; the embedded server takes it when it is free. */
export const DEFAULT_NATS_PORT = 4222;

/** Whether `port` can be bound on `host` right now (it is released again at once). */
export function portIsFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/**
 * The embedded server's port when NATS_PORT is unset: the one used last time (kept in
 * DATA_DIR/nats/port, because enrolled agents were told it), else 4222, else any free port.
 * Another NATS on the same machine, as on many developer boxes, then no longer stops the start.
 */
export async function chooseEmbeddedPort(dataDir: string, host = '127.0.0.1'): Promise<{ port: number; note: string | null }> {
  const file = join(natsDir(dataDir), 'port');
  const previous = Number((await readFile(file, 'utf8').catch(() => '')).trim());
  const remember = async (port: number) => {
    await mkdir(natsDir(dataDir), { recursive: true, mode: 0o700 });
    await writeFile(file, `${port}\n`, { mode: 0o600 });
    return port;
  };
  if (Number.isInteger(previous) && previous > 0 && (await portIsFree(previous, host))) return { port: previous, note: null };
  if (await portIsFree(DEFAULT_NATS_PORT, host)) {
    const port = await remember(DEFAULT_NATS_PORT);
    return { port, note: previous > 0 ? `port ${previous} is taken now; using ${port}. Agents enrolled earlier must be re-enrolled, or set NATS_PORT.` : null };
  }
  const port = await remember(await freeLoopbackPort(host));
  const taken = previous > 0 ? `ports ${previous} and ${DEFAULT_NATS_PORT} are` : `port ${DEFAULT_NATS_PORT} is`;
  return { port, note: `${taken} taken by another process; the embedded nats-server uses ${port}. Set NATS_PORT to pin it.` };
}
