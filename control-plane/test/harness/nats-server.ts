import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedNatsServer } from '../../src/nats/embedded-nats';
import { loadNatsKeys, NatsTrust } from '../../src/nats/nats-identity';
import { freeLoopbackPort } from '@wom/routeros';

export const freePort = (): Promise<number> => freeLoopbackPort();

export interface TestNats {
  readonly url: string;
  readonly dataDir: string;
  readonly trust: NatsTrust;
  readonly server: EmbeddedNatsServer;
  /** Env for startTestApp: the app connects to this server with the same keys. */
  readonly env: Record<string, string>;
  /** Stops the server and starts it again on the same port and data directory. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A real nats-server in operator mode on a free port, configured exactly as the embedded one
 * (same code), with its data and keys in a fresh temporary directory.
 */
export async function startTestNats(): Promise<TestNats> {
  const dataDir = await mkdtemp(join(tmpdir(), 'wom-nats-test-'));
  const trust = new NatsTrust(await loadNatsKeys(dataDir, {}));
  const silent = { log: () => undefined, error: () => undefined };
  let server: EmbeddedNatsServer | null = null;
  for (let attempt = 0; attempt < 3 && !server; attempt++) {
    const port = await freePort();
    server = await EmbeddedNatsServer.start(trust, { dataDir, port, binary: null, logger: silent }).catch(() => null);
  }
  if (!server) throw new Error('could not start a test nats-server on a free port');
  let current = server;
  const port = Number(new URL(current.url).port);
  return {
    url: current.url,
    dataDir,
    trust,
    get server() {
      return current;
    },
    env: { NATS_URL: current.url, DATA_DIR: dataDir, NATS_EMBEDDED: 'false' },
    restart: async () => {
      await current.stop();
      current = await EmbeddedNatsServer.start(trust, { dataDir, port, binary: null, logger: silent });
    },
    stop: async () => {
      await current.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
