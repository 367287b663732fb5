import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { deadline } from './netns';
import { REPO_ROOT } from './processes';

/**
 * The product's RouterOS emulator as a process of its own, started inside a namespace (a
 * site's LAN), so only what routes into that LAN reaches it: a router behind a site agent.
 * It is driven over stdin with one JSON command per line and answers one JSON line each.
 */
const MAIN = `
const { RouterOsEmulator } = require('@wom/routeros');
const readline = require('node:readline');
(async () => {
  const options = JSON.parse(process.argv[2]);
  const emulator = new RouterOsEmulator();
  const router = await emulator.addRouter('router', options);
  const reply = (value) => process.stdout.write(JSON.stringify(value) + '\\n');
  reply({ ready: true });
  for await (const line of readline.createInterface({ input: process.stdin })) {
    const command = JSON.parse(line);
    if (command.op === 'snapshot') reply({ snapshot: router.snapshot() });
    else if (command.op === 'latency') { router.setLatency(command.ms); reply({ ok: true }); }
    else if (command.op === 'writes') reply({ writes: router.writeCalls().length });
    else reply({ error: 'unknown op ' + command.op });
  }
})();
`;

export class EmulatorProcess {
  private buffer = '';
  private readonly waiting: ((line: string) => void)[] = [];

  private constructor(private readonly child: ChildProcess) {
    child.stdout!.on('data', (chunk: Buffer) => {
      this.buffer += chunk.toString();
      let newline: number;
      while ((newline = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, newline);
        this.buffer = this.buffer.slice(newline + 1);
        this.waiting.shift()?.(line);
      }
    });
  }

  /** Starts one emulated router listening on `port` of every address of `netns`. */
  static async start(netns: string, port: number, options: Record<string, unknown>): Promise<EmulatorProcess> {
    const dir = join(REPO_ROOT, 'tmp', 'e2e');
    mkdirSync(dir, { recursive: true });
    const bundle = join(dir, 'emulator-process.cjs');
    buildSync({ stdin: { contents: MAIN, resolveDir: REPO_ROOT, loader: 'js' }, bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: bundle, tsconfig: join(REPO_ROOT, 'tsconfig.base.json'), logLevel: 'error' });
    const child = spawn('ip', ['netns', 'exec', netns, process.execPath, bundle, JSON.stringify({ ...options, port, host: '0.0.0.0' })], { stdio: ['pipe', 'pipe', 'pipe'] });
    const emulator = new EmulatorProcess(child);
    const ready = await emulator.next(20_000);
    if (!ready.includes('"ready"')) throw new Error(`the emulator did not start: ${ready}`);
    return emulator;
  }

  async snapshot(): Promise<Record<string, unknown[]>> {
    return (JSON.parse(await this.command({ op: 'snapshot' })) as { snapshot: Record<string, unknown[]> }).snapshot;
  }

  async setLatency(ms: number): Promise<void> {
    await this.command({ op: 'latency', ms });
  }

  async writes(): Promise<number> {
    return (JSON.parse(await this.command({ op: 'writes' })) as { writes: number }).writes;
  }

  stop(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }

  private command(command: Record<string, unknown>): Promise<string> {
    const answer = this.next(20_000);
    this.child.stdin!.write(`${JSON.stringify(command)}\n`);
    return answer;
  }

  private next(timeoutMs: number): Promise<string> {
    return Promise.race([
      new Promise<string>((resolve) => this.waiting.push(resolve)),
      deadline(timeoutMs).then(() => {
        throw new Error('the emulator did not answer in time');
      }),
    ]);
  }
}
