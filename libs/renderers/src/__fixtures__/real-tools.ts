import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Helpers for specs that drive the real `wg`, `wg-quick`, `wireguard-go`, `ip` and `nft`.
 * Everything privileged happens inside throwaway network namespaces, every command has a
 * timeout, and every resource has a dispose() for afterAll/finally. A missing tool fails
 * the spec with the Debian package to install: a skipped check would prove nothing.
 */

export const COMMAND_TIMEOUT_MS = 10_000;

export interface ToolRequirement {
  readonly command: string;
  readonly debianPackage: string;
}

export const WIREGUARD_TOOLS: readonly ToolRequirement[] = [
  { command: 'wg', debianPackage: 'wireguard-tools' },
  { command: 'wg-quick', debianPackage: 'wireguard-tools' },
  { command: 'wireguard-go', debianPackage: 'wireguard-go' },
  { command: 'ip', debianPackage: 'iproute2' },
];

export const NFTABLES_TOOLS: readonly ToolRequirement[] = [
  { command: 'nft', debianPackage: 'nftables' },
  { command: 'ip', debianPackage: 'iproute2' },
];

/** Throws, naming the packages to install, when a tool is missing or we are not root. */
export function requireTools(tools: readonly ToolRequirement[]): void {
  const isInstalled = (command: string) => spawnSync('sh', ['-c', 'command -v "$1"', 'sh', command], { timeout: COMMAND_TIMEOUT_MS }).status === 0;
  const missing = tools.filter(({ command }) => !isInstalled(command));
  if (missing.length > 0) {
    const packages = [...new Set(missing.map((tool) => tool.debianPackage))].join(' ');
    throw new Error(
      `Missing ${missing.map((tool) => tool.command).join(', ')}. These specs check rendered files with the real tools; ` +
        `install the Debian packages: apt-get install ${packages}`,
    );
  }
  if (process.getuid?.() !== 0) {
    throw new Error('These specs create network namespaces and need root: run them as root, or in a container with CAP_NET_ADMIN and CAP_SYS_ADMIN.');
  }
}

export interface RunOptions {
  readonly input?: string;
  readonly timeoutMs?: number;
}

/** Runs a command to completion and returns stdout; a non-zero exit throws with stderr. */
export function run(command: string, args: readonly string[], options: RunOptions = {}): string {
  const result = spawnSync(command, args, { input: options.input, timeout: options.timeoutMs ?? COMMAND_TIMEOUT_MS, encoding: 'utf8' });
  if (result.error !== undefined || result.status !== 0) {
    const reason = result.error?.message ?? `exit ${result.status ?? result.signal}`;
    throw new Error(`${[command, ...args].join(' ')} failed (${reason}):\n${result.stderr ?? ''}${result.stdout ?? ''}`);
  }
  return result.stdout;
}

let sequence = 0;

/**
 * A name unique on this machine while this process lives: jest runs spec files in parallel
 * workers, and wireguard-go's control sockets live in one directory for all namespaces.
 * Interface names must fit in 15 bytes.
 */
export function uniqueName(prefix: string): string {
  sequence += 1;
  return `${prefix}${process.pid}x${sequence}`;
}

export class NetworkNamespace {
  private constructor(readonly name: string) {}

  static create(prefix = 'womt'): NetworkNamespace {
    const namespace = new NetworkNamespace(uniqueName(prefix));
    run('ip', ['netns', 'add', namespace.name]);
    return namespace;
  }

  exec(command: string, args: readonly string[], options: RunOptions = {}): string {
    return run('ip', ['netns', 'exec', this.name, command, ...args], options);
  }

  /** `ip netns exec` mounts /etc/netns/<name>/hosts over /etc/hosts: DNS names resolve offline. */
  setHosts(entries: Readonly<Record<string, string>>): void {
    mkdirSync(this.etcDir, { recursive: true });
    const lines = Object.entries(entries).map(([host, address]) => `${address} ${host}`);
    writeFileSync(join(this.etcDir, 'hosts'), `127.0.0.1 localhost\n${lines.join('\n')}\n`);
  }

  /** Deleting the namespace removes its interfaces; safe to call twice. */
  dispose(): void {
    spawnSync('ip', ['netns', 'del', this.name], { timeout: COMMAND_TIMEOUT_MS });
    rmSync(this.etcDir, { recursive: true, force: true });
  }

  private get etcDir(): string {
    return join('/etc/netns', this.name);
  }
}

export interface WireguardGoInterface {
  readonly name: string;
  stop(): Promise<void>;
}

/** Starts a userspace WireGuard interface inside `namespace` (the kernel has no module here). */
export async function startWireguardGo(namespace: NetworkNamespace, name: string, timeoutMs = COMMAND_TIMEOUT_MS): Promise<WireguardGoInterface> {
  const child = spawn('ip', ['netns', 'exec', namespace.name, 'wireguard-go', '-f', name], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deleteLink = () => spawnSync('ip', ['netns', 'exec', namespace.name, 'ip', 'link', 'del', name], { timeout: COMMAND_TIMEOUT_MS });
  const stop = () => stopChild(child, deleteLink);
  const deadline = Date.now() + timeoutMs;
  // wireguard-go is ready once `wg` can reach its control socket.
  while (spawnSync('ip', ['netns', 'exec', namespace.name, 'wg', 'show', name], { timeout: COMMAND_TIMEOUT_MS }).status !== 0) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`wireguard-go ${name} did not come up within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { name, stop };
}

/** Deleting the link makes wireguard-go exit; if it lingers, signal it by its own pid. */
async function stopChild(child: ChildProcess, deleteLink: () => void): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  deleteLink();
  const inTime = await Promise.race([exited.then(() => true), delay(3_000).then(() => false)]);
  if (!inTime) {
    child.kill('SIGTERM');
    if (!(await Promise.race([exited.then(() => true), delay(2_000).then(() => false)]))) child.kill('SIGKILL');
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

export interface TempDir {
  readonly path: string;
  /** Writes a file readable by its owner only, as wg-quick expects of a file with a key. */
  write(name: string, content: string): string;
  dispose(): void;
}

export function createTempDir(prefix = 'wom-renderers-'): TempDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return {
    path,
    write(name, content) {
      const file = join(path, name);
      writeFileSync(file, content, { mode: 0o600 });
      return file;
    },
    dispose: () => rmSync(path, { recursive: true, force: true }),
  };
}

/**
 * Compares output with a golden file byte for byte. `UPDATE_GOLDEN=1` rewrites the file
 * instead; review the diff before committing it.
 */
export function expectGolden(file: string, actual: string): void {
  if (process.env['UPDATE_GOLDEN'] === '1') {
    writeFileSync(file, actual);
    return;
  }
  let expected: string;
  try {
    expected = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`Golden file ${file} is missing; create it with UPDATE_GOLDEN=1 and review it.`);
  }
  expect(actual).toBe(expected);
}

/**
 * A tiny network probe run with this same Node binary inside a namespace. As a server it
 * answers every TCP connection or UDP datagram with the peer address it saw; as a client it
 * prints that answer, or exits 2 when nothing comes back within the timeout.
 */
const PROBE = `
const [role, proto, host, port, local] = process.argv.slice(1);
const done = (text, code) => { process.stdout.write(text); process.exit(code); };
if (role === 'server' && proto === 'tcp') {
  require('net').createServer((c) => c.end(c.remoteAddress)).listen(+port, host, () => console.log('ready'));
} else if (role === 'server') {
  const s = require('dgram').createSocket('udp4');
  s.on('message', (_m, r) => s.send(r.address, r.port, r.address));
  s.bind(+port, host, () => console.log('ready'));
} else if (proto === 'tcp') {
  setTimeout(() => done('', 2), 1500);
  let seen = '';
  require('net').connect({ host, port: +port, localAddress: local || undefined })
    .on('data', (d) => (seen += d)).on('end', () => done(seen, 0)).on('error', () => {});
} else {
  setTimeout(() => done('', 2), 1500);
  const s = require('dgram').createSocket('udp4');
  s.on('message', (m) => done(String(m), 0));
  s.bind(0, local || undefined, () => s.send('?', +port, host));
}
`;

export type ProbeProtocol = 'tcp' | 'udp';

export interface ProbeServer {
  stop(): Promise<void>;
}

export async function startProbeServer(namespace: NetworkNamespace, protocol: ProbeProtocol, host: string, port: number): Promise<ProbeServer> {
  const child = spawn('ip', ['netns', 'exec', namespace.name, process.execPath, '-e', PROBE, 'server', protocol, host, String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.race([exited, delay(COMMAND_TIMEOUT_MS)]);
  };
  const ready = await Promise.race([
    new Promise<boolean>((resolve) => child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve(true))),
    exited.then(() => false),
    delay(COMMAND_TIMEOUT_MS).then(() => false),
  ]);
  if (!ready) {
    await stop();
    throw new Error(`probe server ${protocol} ${host}:${port} in ${namespace.name} did not start`);
  }
  return { stop };
}

/** The source address the server saw, or null when the traffic did not get through. */
export function probe(namespace: NetworkNamespace, protocol: ProbeProtocol, host: string, port: number, localAddress = ''): string | null {
  const result = spawnSync('ip', ['netns', 'exec', namespace.name, process.execPath, '-e', PROBE, 'client', protocol, host, String(port), localAddress], {
    timeout: COMMAND_TIMEOUT_MS,
    encoding: 'utf8',
  });
  return result.status === 0 ? result.stdout : null;
}
