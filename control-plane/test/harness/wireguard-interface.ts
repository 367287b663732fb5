import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const COMMAND_TIMEOUT_MS = 10_000;

function run(command: string, args: readonly string[], input?: string): string {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: COMMAND_TIMEOUT_MS, ...(input === undefined ? {} : { input }) });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal}): ${result.stderr}`);
  return result.stdout;
}

/**
 * A userspace WireGuard interface (wireguard-go) in a throwaway network namespace, for loading
 * a downloaded configuration exactly as a device would: `wg-quick strip`, then `wg setconf`.
 * Host names in the file resolve through the namespace's own hosts file, so nothing leaves
 * the machine. Needs root, wireguard-tools and wireguard-go.
 */
export class WireguardInterface {
  private constructor(
    readonly namespace: string,
    readonly name: string,
    private readonly child: ReturnType<typeof spawn>,
  ) {}

  static async start(hosts: Readonly<Record<string, string>>): Promise<WireguardInterface> {
    const namespace = `womcfg${randomBytes(3).toString('hex')}`;
    run('ip', ['netns', 'add', namespace]);
    mkdirSync(`/etc/netns/${namespace}`, { recursive: true });
    writeFileSync(`/etc/netns/${namespace}/hosts`, `127.0.0.1 localhost\n${Object.entries(hosts).map(([host, address]) => `${address} ${host}`).join('\n')}\n`);
    const name = 'wgdl0';
    const child = spawn('ip', ['netns', 'exec', namespace, 'wireguard-go', '-f', name], { stdio: 'ignore' });
    const wg = new WireguardInterface(namespace, name, child);
    const deadline = Date.now() + COMMAND_TIMEOUT_MS;
    // wireguard-go is ready once `wg` reaches its control socket.
    while (spawnSync('ip', ['netns', 'exec', namespace, 'wg', 'show', name], { timeout: COMMAND_TIMEOUT_MS }).status !== 0) {
      if (child.exitCode !== null || Date.now() > deadline) {
        await wg.stop();
        throw new Error(`wireguard-go did not come up in ${COMMAND_TIMEOUT_MS} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return wg;
  }

  /** `wg-quick strip` of the file as saved under `dir` (named after the interface), then `wg setconf`. */
  load(dir: string, wgQuickText: string): void {
    const file = join(dir, `${this.name}.conf`);
    writeFileSync(file, wgQuickText, { mode: 0o600 });
    const stripped = join(dir, `${this.name}.stripped`);
    writeFileSync(stripped, run('wg-quick', ['strip', file]), { mode: 0o600 });
    this.exec('wg', ['setconf', this.name, stripped]);
  }

  exec(command: string, args: readonly string[]): string {
    return run('ip', ['netns', 'exec', this.namespace, command, ...args]);
  }

  async stop(): Promise<void> {
    const exited = this.child.exitCode !== null ? Promise.resolve() : new Promise((resolve) => this.child.once('exit', resolve));
    spawnSync('ip', ['netns', 'exec', this.namespace, 'ip', 'link', 'del', this.name], { timeout: COMMAND_TIMEOUT_MS });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 5_000)))]);
    clearTimeout(timer);
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    spawnSync('ip', ['netns', 'del', this.namespace], { timeout: COMMAND_TIMEOUT_MS });
    rmSync(`/etc/netns/${this.namespace}`, { recursive: true, force: true });
  }
}

/** The public key of a private key, by the `wg` tool itself. */
export const wgPublicKey = (privateKey: string): string => run('wg', ['pubkey'], `${privateKey}\n`).trim();
