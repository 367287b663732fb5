import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { natsTlsOptions } from '@wom/contracts';
import { EmbeddedNatsServer } from '../../src/nats/embedded-nats';
import { loadNatsKeys, NatsTrust } from '../../src/nats/nats-identity';
import { ensureNatsTls, natsTlsNames } from '../../src/nats/tls/nats-tls';
import { freeLoopbackPort } from '@wom/routeros';

export const freePort = (): Promise<number> => freeLoopbackPort();

export interface TestNats {
  readonly url: string;
  readonly dataDir: string;
  readonly trust: NatsTrust;
  readonly server: EmbeddedNatsServer;
  /** The CA (PEM) the server's certificate chains to; null without TLS. */
  readonly caPem: string | null;
  /** The `tls` option for a test's own connections: trusts only this server's CA. */
  readonly tls: { ca?: string } | undefined;
  /** Env for startTestApp: the app connects to this server with the same keys (and CA). */
  readonly env: Record<string, string>;
  /** Stops the server and starts it again on the same port and data directory. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A real nats-server in operator mode on a free port, configured exactly as the embedded one
 * (same code), with its data and keys in a fresh temporary directory. TLS by default, with a
 * certificate from the control plane's own CA code, so every spec exercises it; `tls: false`
 * for the few that look at the plain protocol.
 */
export async function startTestNats(options: { tls?: boolean } = {}): Promise<TestNats> {
  const dataDir = await mkdtemp(join(tmpdir(), 'wom-nats-test-'));
  const trust = new NatsTrust(await loadNatsKeys(dataDir, {}));
  const tlsFiles = options.tls === false ? null : await ensureNatsTls(dataDir, natsTlsNames({ publicUrl: 'http://127.0.0.1', listen: '127.0.0.1', agentUrls: [] }));
  const silent = { log: () => undefined, error: () => undefined };
  const start = (port: number) => EmbeddedNatsServer.start(trust, { dataDir, port, binary: null, logger: silent, tlsFile: tlsFiles?.serverFile ?? null });
  let server: EmbeddedNatsServer | null = null;
  for (let attempt = 0; attempt < 3 && !server; attempt++) {
    server = await start(await freePort()).catch(() => null);
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
    caPem: tlsFiles?.caPem ?? null,
    tls: natsTlsOptions([current.url], tlsFiles?.caPem ?? null),
    env: { NATS_URL: current.url, DATA_DIR: dataDir, NATS_EMBEDDED: 'false', ...(tlsFiles ? { NATS_CA_FILE: tlsFiles.caFile } : {}) },
    restart: async () => {
      await current.stop();
      current = await start(port);
    },
    stop: async () => {
      await current.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
