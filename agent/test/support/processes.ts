import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { deadline, delay } from './netns';
import { freeLoopbackPort } from '@wom/routeros';
import { Agent, fetch as undiciFetch } from 'undici';

/**
 * The real control plane and real agents as child processes, for the end-to-end spec. Every
 * process started here is tracked by pid and killed on exit; nothing else is ever signalled.
 */

/** The repository: the nearest directory above this file with nx.json (this file is also bundled into tmp/bench). */
export const REPO_ROOT = ((): string => {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) if (existsSync(join(dir, 'nx.json'))) return dir;
  return process.cwd();
})();
export const AGENT_BUNDLE = join(REPO_ROOT, 'agent/dist/wom-agent.mjs');
const started = new Set<ChildProcess>();

process.once('exit', () => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/**
 * Builds the control plane and the agent once per jest run: every worker of one run has the
 * same parent, and the first to take the lock builds while the others wait, so no spec ever
 * runs a bundle another worker is rewriting.
 */
export async function buildAll(): Promise<void> {
  const stamp = join(tmpdir(), `wom-e2e-built-${process.ppid}-${processStartTicks(process.ppid)}`);
  const lock = `${stamp}.lock`;
  const deadlineMs = Date.now() + 600_000;
  while (true) {
    if (existsSync(stamp)) return;
    try {
      closeSync(openSync(lock, 'wx'));
      break;
    } catch {
      if (Date.now() > deadlineMs) throw new Error(`waited 10 min for another worker's build (lock ${lock})`);
      await delay(500);
    }
  }
  try {
    for (const script of ['control-plane/build.mjs', 'agent/build.mjs']) {
      const result = spawnSync(process.execPath, [join(REPO_ROOT, script)], { cwd: REPO_ROOT, timeout: 300_000, encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`${script} failed: ${result.stderr}${result.stdout}`);
    }
    writeFileSync(stamp, new Date().toISOString());
  } finally {
    rmSync(lock, { force: true });
  }
}

/** A process's start time in clock ticks (field 22 of /proc/<pid>/stat), to tell a reused pid apart. */
function processStartTicks(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[19] ?? '0';
  } catch {
    return '0';
  }
}

export const freePort = (): Promise<number> => freeLoopbackPort();

/** A fresh PostgreSQL database at 127.0.0.1:5432 (trust auth), dropped by `drop`. */
export function createDatabase(): { url: string; drop(): void } {
  const name = `wom_e2e_${randomBytes(6).toString('hex')}`;
  const psql = (sql: string) => {
    const result = spawnSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', sql], { timeout: 30_000, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`psql ${sql} failed: ${result.stderr}`);
  };
  psql(`CREATE DATABASE ${name}`);
  return { url: `postgres://postgres@127.0.0.1:5432/${name}`, drop: () => psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

export class ManagedProcess {
  output = '';
  readonly exited: Promise<void>;

  constructor(readonly child: ChildProcess) {
    started.add(child);
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  get pid(): number {
    return this.child.pid!;
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    const inTime = await Promise.race([this.exited.then(() => true), deadline(10_000).then(() => false)]);
    if (!inTime) this.child.kill('SIGKILL');
    started.delete(this.child);
  }
}

export interface ControlPlane {
  readonly url: string;
  readonly process: ManagedProcess;
  /** With `tls`: the public-key pin (`sha256//…`) of the certificate it generated, as it printed it. */
  readonly pin: string | null;
  api<T>(method: string, path: string, body?: unknown): Promise<T>;
}

export interface ControlPlaneOptions {
  /** The address it (and its embedded NATS) listens on; loopback unless given. */
  readonly host?: string;
  /** Extra environment, e.g. PUBLIC_URL. */
  readonly env?: Readonly<Record<string, string>>;
  /** Serve HTTPS with the certificate it generates under its data directory; plain HTTP (TLS=off) otherwise. */
  readonly tls?: boolean;
}

/** Starts `node control-plane/dist/main.js` with its own database, data directory and embedded NATS. */
export async function startControlPlane(databaseUrl: string, dataDir: string, options: ControlPlaneOptions = {}): Promise<ControlPlane> {
  const [port, natsPort] = await Promise.all([freePort(), freePort()]);
  const host = options.host ?? '127.0.0.1';
  const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'], HOME: process.env['HOME'] };
  Object.assign(env, { DATABASE_URL: databaseUrl, PORT: String(port), HOST: host, DATA_DIR: dataDir, NATS_PORT: String(natsPort), LOG_LEVEL: process.env['WOM_E2E_LOG_LEVEL'] ?? 'warn', RATE_LIMIT_DEFAULT: '0' });
  // Emulated routers may listen on loopback, which the product refuses outside a lab.
  env['ROUTER_ALLOW_LOOPBACK'] = 'true';
  // Single-user mode is for loopback only; elsewhere the control plane insists on logins.
  if (host === '127.0.0.1') env['AUTH_MODE'] = 'single-user';
  env['TLS'] = options.tls ? 'on' : 'off';
  Object.assign(env, options.env ?? {});
  const child = spawn(process.execPath, [join(REPO_ROOT, 'control-plane/dist/main.js')], { cwd: dataDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const managed = new ManagedProcess(child);
  const url = `${options.tls ? 'https' : 'http'}://${host}:${port}`;
  // The test trusts the generated certificate as its own CA once the control plane wrote it.
  let trusted: Agent | null = null;
  const send = (target: string, init: RequestInit = {}): Promise<Response> => {
    if (!options.tls) return fetch(target, init);
    const certFile = join(dataDir, 'tls', 'cert.pem');
    if (trusted === null && existsSync(certFile)) trusted = new Agent({ connect: { ca: readFileSync(certFile, 'utf8') } });
    if (trusted === null) return Promise.reject(new Error('no certificate yet'));
    return undiciFetch(target, { ...(init as object), dispatcher: trusted }) as unknown as Promise<Response>;
  };
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) throw new Error(`the control plane exited:\n${managed.output}`);
    const ready = await send(`${url}/readyz`).then((r) => r.ok, () => false);
    if (ready) break;
    if (i === 119) throw new Error(`the control plane did not become ready in 60 s:\n${managed.output}`);
    await delay(500);
  }
  let bearer: string | null = null;
  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
    if (bearer !== null) headers['authorization'] = `Bearer ${bearer}`;
    const response = await send(`${url}/api${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  };
  if (env['AUTH_MODE'] !== 'single-user') bearer = await logInAsBootstrapAdmin(managed, url, api, send);
  const pin = options.tls ? (/public-key pin (sha256\/\/[A-Za-z0-9+/]{43}=)/.exec(managed.output)?.[1] ?? null) : null;
  return { url, process: managed, pin, api };
}

/**
 * A control plane on a non-loopback address runs multi-user: the test logs in as the first
 * admin with the one-time password it printed, sets a password, and uses the new token.
 */
async function logInAsBootstrapAdmin(managed: ManagedProcess, url: string, api: ControlPlane['api'], send: (target: string, init?: RequestInit) => Promise<Response>): Promise<string> {
  let password: string | undefined;
  for (let i = 0; i < 100 && password === undefined; i++) {
    password = /one-time password:\s+(\S+)/.exec(managed.output)?.[1];
    if (password === undefined) await delay(100);
  }
  if (password === undefined) throw new Error(`the control plane printed no one-time admin password:\n${managed.output}`);
  const first = await api<{ accessToken: string }>('POST', '/auth/login', { username: 'admin', password });
  const newPassword = `e2e-${randomBytes(12).toString('hex')}`;
  const change = await send(`${url}/api/auth/password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${first.accessToken}` },
    body: JSON.stringify({ currentPassword: password, newPassword }),
  });
  if (change.status !== 204) throw new Error(`changing the admin password failed: ${change.status} ${await change.text()}`);
  return (await api<{ accessToken: string }>('POST', '/auth/login', { username: 'admin', password: newPassword })).accessToken;
}

/** The pids of the direct children of `pid` (the control plane's supervised nats-server). */
export function childPids(pid: number): number[] {
  const result = spawnSync('ps', ['-o', 'pid=,comm=', '--ppid', String(pid)], { encoding: 'utf8', timeout: 10_000 });
  return result.stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, comm]) => comm === 'nats-server')
    .map(([childPid]) => Number(childPid));
}

export interface AgentHandle {
  readonly stateDir: string;
  process: ManagedProcess | null;
}

export function enrollAgent(serverUrl: string, token: string, stateDir: string): string {
  const result = spawnSync(process.execPath, [AGENT_BUNDLE, 'enroll', '--server', serverUrl, '--token', token, '--state-dir', stateDir], { timeout: 60_000, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`wom-agent enroll failed: ${result.stderr}${result.stdout}`);
  return result.stdout;
}

export function startAgent(stateDir: string, netns: string, interfaceName: string): ManagedProcess {
  const args = [AGENT_BUNDLE, 'run', '--state-dir', stateDir, '--netns', netns, '--interface', interfaceName, '--status-interval', '2', '--drift-interval', '5'];
  return new ManagedProcess(spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** The revision the agent recorded as applied, 0 before its first apply. */
export function appliedRevision(stateDir: string): number {
  try {
    return (JSON.parse(readFileSync(join(stateDir, 'applied.json'), 'utf8')) as { revision: number }).revision;
  } catch {
    return 0;
  }
}

export function agentIdOf(stateDir: string): string {
  return (JSON.parse(readFileSync(join(stateDir, 'identity.json'), 'utf8')) as { agentId: string }).agentId;
}

/** `wom-agent status` as an operator runs it. */
export function agentStatus(stateDir: string, netns: string): string {
  const result = spawnSync(process.execPath, [AGENT_BUNDLE, 'status', '--state-dir', stateDir, '--netns', netns], { timeout: 30_000, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`wom-agent status failed: ${result.stderr}${result.stdout}`);
  return result.stdout;
}
