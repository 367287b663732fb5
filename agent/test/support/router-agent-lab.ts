import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair } from '@wom/domain';
import { EmulatorProcess } from './emulator-process';
import { hostOnInternet, type HostLink } from './host-link';
import { delay } from './netns';
import type { ControlPlane } from './processes';
import { AGENT_BUNDLE, buildAll, createDatabase, enrollAgent, ManagedProcess, startControlPlane } from './processes';
import { SiteLab } from './site-lab';

// Its own internet range: the other suites that share the host's namespace use the others.
const HOST_IP = '198.18.0.254';
const ROUTER_PORT = 8080;
export const ROUTER_USER = 'wom';
export const ROUTER_PASSWORD = 'router-pass-S3cret!';

export interface LabJob {
  readonly id: string;
  readonly status: string;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  readonly steps: { name: string; status: string }[];
  readonly result: Record<string, unknown> | null;
}

/**
 * A MikroTik router only a site's agent reaches: the product's RouterOS emulator in the site's
 * LAN namespace (the control plane has no route there), assigned to the agent of the site's
 * box, which runs inside the site's namespace and reaches the control plane over a simulated
 * internet. Everything started here is stopped by pid.
 */
export class RouterAgentLab {
  agent: ManagedProcess | null = null;
  routerId = '';
  agentId = '';

  private constructor(
    readonly sites: SiteLab,
    private readonly host: HostLink,
    private readonly database: ReturnType<typeof createDatabase>,
    readonly workDir: string,
    readonly controlPlane: ControlPlane,
    readonly emulator: EmulatorProcess,
  ) {}

  /** `env` goes to the control plane (e.g. JOB_LEASE_SECONDS). */
  static async create(env: Record<string, string> = {}): Promise<RouterAgentLab> {
    await buildAll();
    const workDir = mkdtempSync(join(tmpdir(), 'wom-router-agent-'));
    const sites = SiteLab.create(1, new Map(), '198.18.0');
    const host = hostOnInternet(sites.internet, `${HOST_IP}/24`);
    const database = createDatabase();
    const controlPlane = await startControlPlane(database.url, workDir, { host: HOST_IP, env: { DRIFT_CHECK_CRON: 'off', ...env } });
    const emulator = await EmulatorProcess.start(sites.sites[0]!.lan.name, ROUTER_PORT, { users: [{ name: ROUTER_USER, password: ROUTER_PASSWORD, policies: ['read', 'write', 'api', 'rest-api', 'test'] }] });
    const lab = new RouterAgentLab(sites, host, database, workDir, controlPlane, emulator);
    try {
      await lab.setUp();
    } catch (error) {
      // The suite never gets the lab, so its afterAll cannot stop what was started here.
      await lab.dispose();
      throw error;
    }
    return lab;
  }

  get site() {
    return this.sites.sites[0]!;
  }

  get stateDir(): string {
    return join(this.workDir, 'agent');
  }

  /** The agent as a site's box runs it: the process inside the site's namespace. */
  startAgent(): void {
    const args = [AGENT_BUNDLE, 'run', '--state-dir', this.stateDir, '--interface', this.site.interfaceName, '--status-interval', '2'];
    this.agent = new ManagedProcess(spawn('ip', ['netns', 'exec', this.site.site.name, process.execPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] }));
  }

  /** The agent bundle's own start, to `--version` and exit: the floor under any recovery after a restart (median of 5). */
  async agentStartMs(): Promise<number> {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const result = spawnSync(process.execPath, [AGENT_BUNDLE, '--version'], { encoding: 'utf8', timeout: 30_000 });
      if (result.status !== 0) throw new Error(`wom-agent --version failed: ${result.stderr}`);
      times.push(performance.now() - started);
    }
    return times.sort((a, b) => a - b)[2]!;
  }

  job(id: string): Promise<LabJob> {
    return this.controlPlane.api<LabJob>('GET', `/jobs/${id}`);
  }

  /** Resolves once the router has no job pending or running (a restore included). */
  async idle(): Promise<void> {
    await this.until(async () => {
      const busy = await Promise.all(['pending', 'running'].map((status) => this.controlPlane.api<{ total: number }>('GET', `/peers/${this.routerId}/jobs?status=${status}`)));
      return busy.every((page) => page.total === 0);
    }, 'the router did not become idle');
  }

  /** The router's configuration: every menu but its log (which records our writes, then their undoing). */
  async configuration(): Promise<Record<string, unknown[]>> {
    const { '/log': _log, ...rest } = await this.emulator.snapshot();
    return rest;
  }

  async deploy(): Promise<string> {
    return (await this.controlPlane.api<{ id: string }>('POST', `/peers/${this.routerId}/mikrotik/deploy`, {})).id;
  }

  /** Polls `probe` every 100 ms until it yields, for at most `timeoutMs`; the agent's last lines go into the error. */
  async until<T>(probe: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 60_000): Promise<T> {
    const started = Date.now();
    let lastError: unknown = null;
    while (Date.now() - started < timeoutMs) {
      try {
        const value = await probe();
        if (value) return value;
      } catch (error) {
        // A control plane that died takes every later probe with it: say so with its last words.
        if (this.controlPlane.process.child.exitCode !== null || this.controlPlane.process.child.signalCode !== null) throw new Error(`${what}: the control plane exited (${this.controlPlane.process.child.exitCode ?? this.controlPlane.process.child.signalCode}):\n${tail(this.controlPlane.process.output)}`);
        lastError = error;
      }
      await delay(100);
    }
    throw new Error(`${what} within ${timeoutMs} ms${lastError ? ` (last probe: ${String(lastError)})` : ''}:\nagent:\n${tail(this.agent?.output ?? '')}\ncontrol plane:\n${tail(this.controlPlane.process.output)}`);
  }

  ended(id: string): Promise<LabJob> {
    return this.until(async () => {
      const job = await this.job(id);
      return /^(completed|failed|cancelled)$/.test(job.status) ? job : null;
    }, `job ${id} did not end`);
  }

  /** The failed job once its router was restored (its result no longer waits for a rollback). */
  restored(id: string): Promise<LabJob> {
    return this.until(async () => {
      const job = await this.job(id);
      return job.result?.['rollbackPending'] === false ? job : null;
    }, `the router of job ${id} was not restored`);
  }

  async dispose(): Promise<void> {
    await this.agent?.stop('SIGKILL');
    this.emulator.stop();
    this.sites.dispose();
    this.host.dispose();
    await this.controlPlane.process.stop();
    this.database.drop();
    rmSync(this.workDir, { recursive: true, force: true });
  }

  private async setUp(): Promise<void> {
    const api = this.controlPlane.api;
    const wanId = (await api<{ id: string }>('POST', '/wan', { name: 'behind-agent', topologyType: 'hub-spoke', tunnelIpRange: '10.82.0.0/24' })).id;
    const siteId = (await api<{ id: string }>('POST', `/wan/${wanId}/peers`, { name: 'site', type: 'hub', deploymentMode: 'agent', endpoint: `${this.site.uplinkIp}:51820`, listenPort: 51820 })).id;
    this.routerId = (await api<{ id: string }>('POST', `/wan/${wanId}/peers`, { name: 'branch', type: 'mikrotik', subnets: [{ cidr: '192.168.77.0/24' }] })).id;
    await api('POST', `/wan/${wanId}/peers`, { name: 'laptop', type: 'client', publicKey: generateKeyPair().publicKey });
    await api('PUT', `/peers/${this.routerId}`, { mikrotik: { managementIp: this.site.lanHost, apiPort: ROUTER_PORT, useSsl: false, username: ROUTER_USER, password: ROUTER_PASSWORD } });
    const { token } = await api<{ token: string }>('POST', '/enrollment-tokens', { wanId, peerId: siteId });
    enrollAgent(this.controlPlane.url, token, this.stateDir);
    this.startAgent();
    this.agentId = (await this.until(async () => (await api<{ items: { id: string; online: boolean }[] }>('GET', `/agents?wanId=${wanId}`)).items.find((a) => a.online), 'the agent did not come online')).id;
    await api('POST', `/peers/${this.routerId}/mikrotik/executor`, { agentId: this.agentId });
  }
}

const tail = (output: string): string => output.split('\n').slice(-15).join('\n');
