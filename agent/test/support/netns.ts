import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

/**
 * Throwaway network namespaces for the privileged agent specs. Every command has a timeout;
 * every namespace is registered so that afterAll, and failing that the process exit, deletes
 * it. Deleting a namespace destroys its links, which also ends the wireguard-go daemons the
 * agent started in it. Only processes this file started are ever signalled, by their pid.
 */

const TIMEOUT_MS = 10_000;
const live = new Set<string>();
const children = new Set<ChildProcess>();

/**
 * Deletes a namespace's links before the namespace: a wireguard-go daemon holds its TUN
 * device open, which would keep it (and the daemon) alive after `ip netns del`. With the
 * link gone, the daemon exits by itself.
 */
function deleteNamespace(name: string): void {
  const listing = spawnSync('ip', ['-n', name, '-j', 'link', 'show'], { timeout: TIMEOUT_MS, encoding: 'utf8' });
  const links = listing.status === 0 ? (JSON.parse(listing.stdout || '[]') as { ifname: string }[]) : [];
  for (const { ifname } of links) if (ifname !== 'lo') spawnSync('ip', ['-n', name, 'link', 'del', ifname], { timeout: TIMEOUT_MS });
  spawnSync('ip', ['netns', 'del', name], { timeout: TIMEOUT_MS });
}

function cleanupOnExit(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const name of live) deleteNamespace(name);
}
process.once('exit', cleanupOnExit);

/** Why the privileged specs cannot run here, or null when they can. */
export function privilegedSkipReason(): string | null {
  if (process.getuid?.() !== 0) return 'not root: the agent namespace specs need root (CI runs them as root)';
  const probe = spawnSync('ip', ['netns', 'list'], { timeout: TIMEOUT_MS });
  if (probe.status !== 0) return 'network namespaces are unavailable (ip netns list failed)';
  return null;
}

/** Fails with the Debian package to install when a tool is missing: a spec that silently passes would prove nothing. */
export function requireTools(extra: readonly [command: string, debianPackage: string][] = []): void {
  const tools: [string, string][] = [['wg', 'wireguard-tools'], ['wireguard-go', 'wireguard-go'], ['nft', 'nftables'], ['ip', 'iproute2'], ['ping', 'iputils-ping'], ...extra];
  const missing = tools.filter(([command]) => spawnSync('sh', ['-c', 'command -v "$1"', 'sh', command]).status !== 0);
  if (missing.length > 0) throw new Error(`missing ${missing.map(([c]) => c).join(', ')}: apt-get install ${[...new Set(missing.map(([, p]) => p))].join(' ')}`);
  // Something else named `nft` earlier on the PATH (a Node CLI in node_modules/.bin) would
  // exit 0 without loading a rule, and every NAT and forward check would pass for nothing.
  const nft = spawnSync('nft', ['--version'], { encoding: 'utf8', timeout: TIMEOUT_MS });
  if (!nft.stdout?.startsWith('nftables')) throw new Error(`the \`nft\` found on PATH is not nftables (it printed "${(nft.stdout || nft.stderr || '').trim()}"); fix PATH or apt-get install nftables`);
}

export function run(command: string, args: readonly string[], input?: string): string {
  const result = spawnSync(command, args, { input, timeout: TIMEOUT_MS, encoding: 'utf8' });
  if (result.error !== undefined || result.status !== 0) {
    throw new Error(`${[command, ...args].join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}): ${result.stderr}`);
  }
  return result.stdout;
}

/** A short random suffix: interface names are machine-wide for wireguard-go and must fit 15 bytes. */
export const uniqueSuffix = () => randomBytes(3).toString('hex');

export class Namespace {
  private constructor(readonly name: string) {}

  static create(prefix: string): Namespace {
    const namespace = new Namespace(`${prefix}-${uniqueSuffix()}`);
    run('ip', ['netns', 'add', namespace.name]);
    live.add(namespace.name);
    namespace.ip('link', 'set', 'lo', 'up');
    return namespace;
  }

  exec(command: string, args: readonly string[]): string {
    return run('ip', ['netns', 'exec', this.name, command, ...args]);
  }

  /** Exit status only, for probes that are expected to fail sometimes. */
  succeeds(command: string, args: readonly string[]): boolean {
    return spawnSync('ip', ['netns', 'exec', this.name, command, ...args], { timeout: TIMEOUT_MS }).status === 0;
  }

  ip(...args: string[]): string {
    return this.exec('ip', args);
  }

  dispose(): void {
    deleteNamespace(this.name);
    live.delete(this.name);
  }
}

/** Joins two namespaces with a veth pair. */
export function veth(a: Namespace, aName: string, b: Namespace, bName: string): void {
  run('ip', ['link', 'add', aName, 'netns', a.name, 'type', 'veth', 'peer', 'name', bName, 'netns', b.name]);
  a.ip('link', 'set', aName, 'up');
  b.ip('link', 'set', bName, 'up');
}

/** Retries a probe until it passes, at most `attempts` times, 200 ms apart. */
export async function eventually(probe: () => boolean, attempts = 50): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    if (probe()) return true;
    await delay(200);
  }
  return false;
}

export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A deadline for Promise.race that does not keep the process alive once the race is won. */
export const deadline = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export interface PingSummary {
  readonly sent: number;
  /** Sequence numbers without a reply, the last one excepted (it may still be in flight when ping stops). */
  readonly lost: readonly number[];
}

/** A continuous ping (10 per second) inside a namespace, stopped on demand. */
export class ContinuousPing {
  private output = '';
  private readonly exited: Promise<void>;

  private constructor(private readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  /** Bounded: ping gives up by itself after `maxSeconds` even if nobody stops it. */
  static start(namespace: Namespace, target: string, maxSeconds = 300): ContinuousPing {
    const child = spawn('ip', ['netns', 'exec', namespace.name, 'ping', '-n', '-i', '0.1', '-W', '1', '-w', String(maxSeconds), target], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    return new ContinuousPing(child);
  }

  async stop(): Promise<PingSummary> {
    // Let the last request come back before stopping.
    await delay(1_000);
    if (this.child.exitCode === null) this.child.kill('SIGINT');
    await Promise.race([this.exited, deadline(TIMEOUT_MS)]);
    children.delete(this.child);
    const sent = Number(/(\d+) packets transmitted/.exec(this.output)?.[1] ?? 0);
    const answered = new Set([...this.output.matchAll(/icmp_seq=(\d+) ttl=/g)].map((match) => Number(match[1])));
    const lost: number[] = [];
    for (let seq = 1; seq < sent; seq++) if (!answered.has(seq)) lost.push(seq);
    return { sent, lost };
  }
}

const TCP_SERVER = `require('net').createServer((c) => c.end('seen ' + c.remoteAddress)).listen(+process.argv[1], '0.0.0.0', () => console.log('ready'));`;
const TCP_CLIENT = `
const s = require('net').connect({ host: process.argv[1], port: +process.argv[2] });
let seen = '';
setTimeout(() => process.exit(2), 2000);
s.on('data', (d) => (seen += d)).on('end', () => { process.stdout.write(seen); process.exit(0); }).on('error', () => process.exit(2));
`;

/** A TCP server in a namespace that answers every connection with the address it saw. */
export async function startTcpServer(namespace: Namespace, port: number): Promise<{ stop(): void }> {
  const child = spawn('ip', ['netns', 'exec', namespace.name, process.execPath, '-e', TCP_SERVER, String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    children.delete(child);
  };
  const ready = await Promise.race([
    new Promise<boolean>((resolve) => child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve(true))),
    deadline(TIMEOUT_MS).then(() => false),
  ]);
  if (!ready) {
    stop();
    throw new Error(`TCP server on port ${port} in ${namespace.name} did not start`);
  }
  return { stop };
}

/** What the server answered (`seen <source address>`), or null when the connection failed. */
export function tcpProbe(namespace: Namespace, host: string, port: number): string | null {
  const result = spawnSync('ip', ['netns', 'exec', namespace.name, process.execPath, '-e', TCP_CLIENT, host, String(port)], { timeout: TIMEOUT_MS, encoding: 'utf8' });
  return result.status === 0 ? result.stdout : null;
}
