import { connect } from '@nats-io/transport-node';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedNatsServer, findNatsServer, NatsServerMissingError } from '../src/nats/embedded-nats';
import { withEmbeddedNats, EmbeddedNatsUnavailableError } from '../src/nats/embedded-start';
import { fastJwtAuthenticator } from '../src/nats/nats-auth';
import { loadNatsKeys, NatsTrust } from '../src/nats/nats-identity';
import { loadAppConfig } from '../src/config/app-config';
import { freePort } from './harness/nats-server';

const silent = { log: () => undefined, error: () => undefined };

describe('embedded nats-server', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'wom-nats-embedded-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('generates keys once as 0600 files and a config in operator mode with a full resolver and JetStream', async () => {
    const first = await loadNatsKeys(dataDir, {});
    const second = await loadNatsKeys(dataDir, {});
    expect(second.operator.publicKey).toBe(first.operator.publicKey);
    expect(second.accountSigning.publicKey).toBe(first.accountSigning.publicKey);
    for (const file of ['operator.nk', 'account.nk', 'account-signing.nk', 'system-account.nk']) {
      expect((await stat(join(dataDir, 'nats', 'keys', file))).mode & 0o777).toBe(0o600);
    }
    const server = await EmbeddedNatsServer.start(new NatsTrust(first), { dataDir, port: await freePort(), binary: null, logger: silent });
    try {
      const config = await readFile(join(dataDir, 'nats', 'nats-server.conf'), 'utf8');
      expect(config).toContain('type: full');
      expect(config).toContain(`dir: ${JSON.stringify(join(dataDir, 'nats', 'jwt'))}`);
      expect(config).toContain(`${first.systemAccount.publicKey}: "ey`);
      expect(config).toContain(`${first.account.publicKey}: "ey`);
      expect(config).toContain(`store_dir: ${JSON.stringify(join(dataDir, 'nats', 'jetstream'))}`);
      expect(config).toMatch(/listen: "127\.0\.0\.1:\d+"/);
      expect(config).not.toContain(first.operator.seed());
    } finally {
      await server.stop();
    }
  });

  it('gives processes that start together the same keys', async () => {
    const loaded = await Promise.all(Array.from({ length: 8 }, () => loadNatsKeys(dataDir, {})));
    expect(new Set(loaded.map((keys) => keys.operator.publicKey)).size).toBe(1);
    expect(new Set(loaded.map((keys) => keys.accountSigning.publicKey)).size).toBe(1);
    expect((await readdir(join(dataDir, 'nats', 'keys'))).sort()).toEqual(['account-signing.nk', 'account.nk', 'operator.nk', 'system-account.nk']);
  });

  it('takes seeds from the environment instead of generating them', async () => {
    const given = await loadNatsKeys(join(dataDir, 'elsewhere'), {});
    const keys = await loadNatsKeys(join(dataDir, 'here'), { operator: given.operator.seed(), account: given.account.seed() });
    expect(keys.operator.publicKey).toBe(given.operator.publicKey);
    expect(keys.account.publicKey).toBe(given.account.publicKey);
    await expect(stat(join(dataDir, 'here', 'nats', 'keys', 'operator.nk'))).rejects.toThrow(/ENOENT/);
  });

  it('restarts the server when it dies, and clients reconnect', async () => {
    const trust = new NatsTrust(await loadNatsKeys(dataDir, {}));
    const server = await EmbeddedNatsServer.start(trust, { dataDir, port: await freePort(), binary: null, logger: silent });
    const user = trust.controlPlaneUser();
    const client = await connect({ servers: server.url, authenticator: fastJwtAuthenticator(user.jwt, user.seed), reconnectTimeWait: 100, maxReconnectAttempts: -1 });
    try {
      const firstPid = server.pid!;
      process.kill(firstPid, 'SIGKILL');
      let restarted = false;
      for (let i = 0; i < 100 && !restarted; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        restarted = server.pid !== null && server.pid !== firstPid;
      }
      expect(restarted).toBe(true);
      // The client notices the loss and reconnects by itself; a flush succeeds once it has.
      let flushed = false;
      for (let i = 0; i < 50 && !flushed; i++) {
        flushed = await client.flush().then(() => true, () => new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 100)));
      }
      expect(flushed).toBe(true);
      expect(client.isClosed()).toBe(false);
    } finally {
      await client.close();
      await server.stop();
    }
    expect(server.pid).toBeNull();
  });

  it('names the nats-server package when the binary is missing', async () => {
    await expect(findNatsServer(null, '/nonexistent')).resolves.toMatch(/nats-server$/);
    await expect(findNatsServer('/nonexistent/nats-server')).rejects.toThrow(NatsServerMissingError);
    const config = loadAppConfig({ DATA_DIR: dataDir, NATS_SERVER_BIN: '/nonexistent/nats-server', NATS_PORT: String(await freePort()) });
    const failure = await withEmbeddedNats(config).catch((error: Error) => error);
    expect(failure).toBeInstanceOf(EmbeddedNatsUnavailableError);
    expect((failure as Error).message).toMatch(/nats-server was not found.*apt install nats-server.*NATS_URL.*NATS_EMBEDDED=false/);
  });

  it('serves TLS by default with a certificate of its own CA for every name agents are told; keeps the CA, reissues the certificate when the names change', async () => {
    const port = String(await freePort());
    const start = async (publicUrl: string) => {
      const started = await withEmbeddedNats(loadAppConfig({ DATA_DIR: dataDir, NATS_PORT: port, PUBLIC_URL: publicUrl }));
      await started.server?.stop();
      return started.config.nats;
    };
    const first = await start('http://wom.test:8080');
    expect(first.url).toBe(`tls://127.0.0.1:${port}`);
    expect(first.agentUrls).toEqual([`tls://wom.test:${port}`]);
    const tlsDir = join(dataDir, 'nats', 'tls');
    expect(first.caFile).toBe(join(tlsDir, 'ca.pem'));
    for (const file of ['ca-key.pem', 'server.pem']) expect((await stat(join(tlsDir, file))).mode & 0o777).toBe(0o600);
    expect(await readFile(join(dataDir, 'nats', 'nats-server.conf'), 'utf8')).toContain(`cert_file: ${JSON.stringify(join(tlsDir, 'server.pem'))}`);
    const ca = await readFile(first.caFile!, 'utf8');
    const certificate = async () => new X509Certificate(await readFile(join(tlsDir, 'server.pem'), 'utf8'));
    const issued = await certificate();
    expect(issued.verify(new X509Certificate(ca).publicKey)).toBe(true);
    expect(['wom.test', 'localhost'].map((host) => issued.checkHost(host))).toEqual(['wom.test', 'localhost']);
    expect(issued.checkIP('127.0.0.1')).toBe('127.0.0.1');

    // The same names again: the same certificate. Another PUBLIC_URL: a new certificate from the same CA.
    await start('http://wom.test:8080');
    expect((await certificate()).serialNumber).toBe(issued.serialNumber);
    await start('http://192.0.2.7:8080');
    const reissued = await certificate();
    expect(reissued.serialNumber).not.toBe(issued.serialNumber);
    expect(await readFile(first.caFile!, 'utf8')).toBe(ca);
    expect(reissued.checkIP('192.0.2.7')).toBe('192.0.2.7');
    expect(reissued.checkHost('wom.test')).toBeUndefined();
  });

  it('runs without TLS only when told to (NATS_TLS=false)', async () => {
    const started = await withEmbeddedNats(loadAppConfig({ DATA_DIR: dataDir, NATS_PORT: String(await freePort()), NATS_TLS: 'false' }));
    await started.server?.stop();
    expect(started.config.nats.url).toMatch(/^nats:\/\//);
    expect(started.config.nats.agentUrls[0]).toMatch(/^nats:\/\//);
    expect(started.config.nats.caFile).toBeNull();
    expect(await readFile(join(dataDir, 'nats', 'nats-server.conf'), 'utf8')).not.toContain('tls');
  });

  it('leaves NATS alone when NATS_URL points at an external server', async () => {
    const config = loadAppConfig({ DATA_DIR: dataDir, NATS_URL: 'nats://nats.example.com:4222' });
    const started = await withEmbeddedNats(config);
    expect(started.server).toBeNull();
    expect(started.config.nats.url).toBe('nats://nats.example.com:4222');
  });
});
