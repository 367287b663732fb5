import type { ExecaError } from 'execa';

/**
 * execa is ESM-only, and some of its dependencies resolve only under `import`; loading it
 * on first use keeps the agent's modules loadable from CommonJS callers (the benchmark runner).
 */
const loadExeca = () => import('execa');

export interface RunOptions {
  /** Written to the command's stdin; how secrets reach `wg` without ever being an argument. */
  readonly input?: string;
  readonly timeoutMs?: number;
}

/** Runs one system command to completion and returns its stdout; a failure throws {@link CommandFailedError}. */
export interface CommandRunner {
  run(command: string, args: readonly string[], options?: RunOptions): Promise<string>;
}

/** A command that exited non-zero, timed out or could not start. The message names the command and carries its stderr. */
export class CommandFailedError extends Error {
  readonly code = 'AGENT.COMMAND_FAILED';

  constructor(
    readonly command: string,
    readonly stderr: string,
    reason: string,
  ) {
    super(`${command} failed (${reason})${stderr.trim() ? `: ${stderr.trim()}` : ''}`);
    this.name = 'CommandFailedError';
  }
}

export interface ExecaRunnerOptions {
  /** Runs every command inside this network namespace (`ip netns exec`), for tests and multi-site hosts. */
  readonly netns?: string | null;
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/** The production runner: execa without a shell, so no argument is ever parsed by one. */
export class ExecaCommandRunner implements CommandRunner {
  private readonly netns: string | null;
  private readonly timeoutMs: number;

  constructor(options: ExecaRunnerOptions = {}) {
    this.netns = options.netns ?? null;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  async run(command: string, args: readonly string[], options: RunOptions = {}): Promise<string> {
    const [file, argv] = this.netns === null ? [command, args] : ['ip', ['netns', 'exec', this.netns, command, ...args]];
    const display = [command, ...args].join(' ');
    const { execa, ExecaError: ExecaErrorClass } = await loadExeca();
    try {
      const result = await execa(file, argv, {
        input: options.input ?? '',
        timeout: options.timeoutMs ?? this.timeoutMs,
        stripFinalNewline: false,
        // `ip`, `wg` and `nft` print the same way in every locale we might run in.
        env: { LC_ALL: 'C' },
      });
      return result.stdout;
    } catch (error) {
      if (error instanceof ExecaErrorClass) {
        const failure: ExecaError = error;
        const reason = failure.timedOut ? 'timed out' : failure.exitCode !== undefined ? `exit ${failure.exitCode}` : (failure.shortMessage ?? 'did not start');
        throw new CommandFailedError(display, String(failure.stderr ?? ''), reason);
      }
      throw error;
    }
  }
}
