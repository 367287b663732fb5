import { spawn, spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { delay } from './netns';
import type { ControlPlane } from './processes';
import { ManagedProcess, appliedRevision, buildAll, createDatabase, enrollAgent, freePort, REPO_ROOT, startAgent, startControlPlane } from './processes';
import { SiteLab } from './site-lab';

/**
 * A WAN whose NATS and control plane can each be stopped and started on their own: the
 * nats-server runs separately (configured by the control plane's `nats-config`, as in
 * docker-compose.yml) and the control plane connects to it with NATS_URL. Agents run the
 * built bundle, each driving its site's namespace. Everything started here is stopped by pid.
 */
export class OutageLab {
  nats: ManagedProcess | null = null;
  controlPlane: ControlPlane | null = null;
  readonly agents: (ManagedProcess | null)[] = [];
  readonly stateDirs: string[] = [];
  readonly peerIds: string[] = [];
  wanId = '';

  private constructor(
    readonly lab: SiteLab,
    private readonly database: ReturnType<typeof createDatabase>,
    readonly dataDir: string,
    readonly natsUrl: string,
  ) {}

  static async create(sites: number): Promise<OutageLab> {
    await buildAll();
    const dataDir = mkdtempSync(join(tmpdir(), 'wom-outage-'));
    const natsPort = await freePort();
    // TLS as in production: nats-config issues the server a certificate from the control plane's CA.
    const outage = new OutageLab(SiteLab.create(sites), createDatabase(), dataDir, `tls://127.0.0.1:${natsPort}`);
    const written = spawnSync(process.execPath, [join(REPO_ROOT, 'control-plane/dist/main.js'), 'nats-config', '--listen', `127.0.0.1:${natsPort}`], {
      env: { PATH: process.env['PATH'], DATA_DIR: dataDir, DATABASE_URL: outage.database.url },
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (written.status !== 0) throw new Error(`nats-config failed: ${written.stderr}${written.stdout}`);
    await outage.startNats();
    await outage.startControlPlane();
    const api = outage.api;
    outage.wanId = (await api<{ id: string }>('POST', '/wan', { name: 'outage', topologyType: 'mesh', tunnelIpRange: '10.81.0.0/24' })).id;
    for (const s of outage.lab.sites) {
      const peer = await api<{ id: string }>('POST', `/wan/${outage.wanId}/peers`, {
        name: `site-${s.index}`,
        type: s.index === 0 ? 'hub' : 'server',
        deploymentMode: 'agent',
        tunnelIp: `10.81.0.${s.index + 1}`,
        endpoint: `${s.uplinkIp}:51820`,
        listenPort: 51820,
      });
      outage.peerIds.push(peer.id);
      const { token } = await api<{ token: string }>('POST', '/enrollment-tokens', { wanId: outage.wanId, peerId: peer.id });
      const stateDir = join(dataDir, `agent-${s.index}`);
      outage.stateDirs.push(stateDir);
      enrollAgent(outage.controlPlane!.url, token, stateDir);
      outage.agents.push(startAgent(stateDir, s.site.name, s.interfaceName));
    }
    return outage;
  }

  get api(): ControlPlane['api'] {
    return (method, path, body) => this.controlPlane!.api(method, path, body);
  }

  async startNats(): Promise<void> {
    const child = spawn('nats-server', ['-c', join(this.dataDir, 'nats', 'nats-server.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.nats = new ManagedProcess(child);
    const port = Number(new URL(this.natsUrl).port);
    for (let i = 0; i < 100; i++) {
      if (child.exitCode !== null) throw new Error(`nats-server exited:\n${this.nats.output}`);
      if (await accepts(port)) return;
      await delay(100);
    }
    throw new Error(`nats-server did not listen within 10 s:\n${this.nats.output}`);
  }

  async stopNats(): Promise<void> {
    await this.nats?.stop();
    this.nats = null;
  }

  async startControlPlane(): Promise<void> {
    this.controlPlane = await startControlPlane(this.database.url, this.dataDir, { env: { NATS_URL: this.natsUrl, NATS_EMBEDDED: 'false', NATS_CA_FILE: join(this.dataDir, 'nats', 'tls', 'ca.pem') } });
  }

  async stopControlPlane(): Promise<void> {
    await this.controlPlane?.process.stop();
    this.controlPlane = null;
  }

  /** The desired revision of each site, from the database (works while the control plane is down). */
  desiredRevisions(): number[] {
    const sql = `SELECT desired_revision FROM peer WHERE id IN (${this.peerIds.map((id) => `'${id}'`).join(',')}) ORDER BY name`;
    const out = spawnSync('psql', ['-At', '-h', '127.0.0.1', '-U', 'postgres', '-d', new URL(this.database.url).pathname.slice(1), '-c', sql], { encoding: 'utf8', timeout: 10_000 });
    if (out.status !== 0) throw new Error(`psql failed: ${out.stderr}`);
    return out.stdout.trim().split('\n').map(Number);
  }

  /** Whether every agent holds the revision the control plane compiled for its peer. */
  converged(): boolean {
    const desired = this.desiredRevisions();
    return desired.every((revision, i) => revision > 0 && appliedRevision(this.stateDirs[i]!) >= revision);
  }

  /**
   * Milliseconds until every agent holds its current revision, polled every 50 ms, or null
   * after `timeoutMs`. The clock starts when this is called.
   */
  async timeToConverge(timeoutMs: number): Promise<number | null> {
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      if (this.converged()) return Date.now() - started;
      await delay(50);
    }
    return null;
  }

  /** A change every site's state feels: a service published on site 0 (its shared address). */
  async changeEverySite(round: number): Promise<void> {
    const before = this.desiredRevisions();
    await this.api('POST', `/peers/${this.peerIds[0]}/services`, { name: `svc-${round}`, localIp: this.lab.sites[0]!.lanHost, localPort: 8000 + round, protocol: 'tcp' });
    for (let i = 0; i < 100; i++) {
      const after = this.desiredRevisions();
      if (after.every((revision, index) => revision > before[index]!)) return;
      await delay(100);
    }
    throw new Error('the change did not give every site a new revision within 10 s');
  }

  log(index: number, lines = 10): string {
    return this.agents[index]?.output.split('\n').slice(-lines).join('\n') ?? '';
  }

  async dispose(): Promise<void> {
    await Promise.all(this.agents.map((agent) => agent?.stop()));
    await this.stopControlPlane();
    await this.stopNats();
    this.lab.dispose();
    this.database.drop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** Whether something accepts TCP connections on 127.0.0.1:port (bounded by a 1 s timeout). */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, timeout: 1_000 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true)).once('error', () => done(false)).once('timeout', () => done(false));
  });
}
