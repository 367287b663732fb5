import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';

const TIMED_OUT = Symbol('timed out');

/** `promise`'s value, or TIMED_OUT after `ms`; the timer is cleared either way, so it never holds jest open. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  const cancel = new AbortController();
  const timer = delay<typeof TIMED_OUT>(ms, TIMED_OUT, { signal: cancel.signal }).catch((): typeof TIMED_OUT => TIMED_OUT);
  try {
    return await Promise.race([promise, timer]);
  } finally {
    cancel.abort();
  }
}

/** A process this test started, with its output kept for failure messages. */
export class StartedProcess {
  output = '';
  private readonly exit: Promise<number | null>;

  constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exit = new Promise((resolve) => {
      if (child.exitCode !== null) resolve(child.exitCode);
      child.once('exit', (code) => resolve(code));
      child.once('error', (error) => {
        this.output += `\n${error.message}`;
        resolve(null);
      });
    });
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGTERM, then SIGKILL if it has not exited in `graceMs`; only this process, by its pid. */
  async stop(graceMs = 30_000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    if ((await within(this.exit, graceMs)) === TIMED_OUT) {
      this.child.kill('SIGKILL');
      await this.exit;
    }
  }

  /** Resolves with the exit code, or rejects after `timeoutMs` (the process is then killed). */
  async exitCode(timeoutMs: number): Promise<number | null> {
    const result = await within(this.exit, timeoutMs);
    if (result !== TIMED_OUT) return result;
    await this.stop(1_000);
    throw new Error(`${this.child.spawnargs.join(' ')} did not exit in ${timeoutMs} ms:\n${this.output}`);
  }
}

export function start(argv: readonly string[], options: SpawnOptions): StartedProcess {
  const [command, ...args] = argv;
  if (!command) throw new Error('empty command');
  return new StartedProcess(spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** Runs a command to completion within `timeoutMs`; returns its exit code and output. */
export async function run(argv: readonly string[], options: SpawnOptions, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  const process = start(argv, options);
  const code = await process.exitCode(timeoutMs);
  return { code, output: process.output };
}

/**
 * Polls `probe` until it returns a value, every `intervalMs`, for at most `deadlineMs`. Stops
 * early with the process's output if `watched` exits: a crash is reported, not waited out.
 */
export async function waitFor<T>(what: string, probe: () => Promise<T | null>, watched: StartedProcess, deadlineMs = 120_000, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (let attempt = 0; attempt < Math.ceil(deadlineMs / intervalMs) + 1 && Date.now() < deadline; attempt++) {
    if (!watched.running) throw new Error(`the process exited (code ${watched.child.exitCode}, signal ${watched.child.signalCode}) before ${what}:\n${watched.output}`);
    const value = await probe().catch(() => null);
    if (value !== null) return value;
    await delay(intervalMs);
  }
  throw new Error(`${what} did not happen in ${deadlineMs / 1000} s:\n${watched.output}`);
}
