import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from './demo-api';
import { freeLoopbackPort } from '@wom/routeros';

export interface ControlPlaneOptions {
  /** The repository root: the build script, `dist/main.js` and `ui/dist` are found from here. */
  readonly repoRoot: string;
  readonly port: number;
  readonly dataDir: string;
  /** Extra environment for the process (DATABASE_URL, MONITOR_INTERVAL_SECONDS, ...). */
  readonly env: Readonly<Record<string, string>>;
  /** Where the process's own output goes; the demo keeps the terminal for its summary. */
  readonly logFile: string;
  readonly readyTimeoutMs?: number;
  /** Node options before the script (`--cpu-prof`, …), which NODE_OPTIONS does not allow. */
  readonly nodeArgs?: readonly string[];
}

/** A control plane running as a child process, stopped by its PID. */
export class ControlPlaneProcess {
  /** A backstop for an abrupt exit of the demo: the detached child would otherwise outlive it. */
  private readonly killOnExit = (): void => {
    this.child.kill('SIGTERM');
  };

  private constructor(
    private readonly child: ChildProcess,
    readonly baseUrl: string,
    readonly logFile: string,
  ) {
    process.once('exit', this.killOnExit);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Builds the control plane (esbuild, a second or two when nothing changed). Throws with the build's output on failure. */
  static build(repoRoot: string): void {
    const result = spawnSync(process.execPath, [join(repoRoot, 'control-plane', 'build.mjs')], { cwd: repoRoot, encoding: 'utf8', timeout: 180_000 });
    if (result.status !== 0) throw new Error(`Building the control plane failed:\n${result.stdout}${result.stderr}${result.error?.message ?? ''}`);
  }

  /** Starts `control-plane/dist/main.js` and waits until `/readyz` answers (the database is migrated). */
  static async start(options: ControlPlaneOptions): Promise<ControlPlaneProcess> {
    mkdirSync(options.dataDir, { recursive: true });
    const log = openSync(options.logFile, 'a');
    // Its own process group: a Ctrl-C in the terminal reaches only the demo, which then
    // stops the control plane in order (routers' jobs first, emulators last).
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), join(options.repoRoot, 'control-plane', 'dist', 'main.js')], {
      cwd: options.repoRoot,
      env: { ...process.env, HOST: '127.0.0.1', PORT: String(options.port), DATA_DIR: options.dataDir, ...options.env },
      stdio: ['ignore', log, log],
      detached: true,
    });
    closeSync(log);
    const process_ = new ControlPlaneProcess(child, `http://127.0.0.1:${options.port}`, options.logFile);
    let exited: string | null = null;
    child.once('exit', (code, signal) => (exited = `exited with ${signal ?? `code ${code}`}`));
    try {
      await waitFor(
        `the control plane answering on ${process_.baseUrl}/readyz`,
        async () => {
          if (exited) throw new Error(`the control plane ${exited}; see ${options.logFile}`);
          const response = await fetch(`${process_.baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
          return response.ok;
        },
        options.readyTimeoutMs ?? 60_000,
      );
    } catch (error) {
      await process_.stop();
      throw error;
    }
    return process_;
  }

  /** SIGTERM (a graceful shutdown that finishes or rolls back running jobs), then SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    const { child } = this;
    process.removeListener('exit', this.killOnExit);
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}

export const freePort = (): Promise<number> => freeLoopbackPort();
