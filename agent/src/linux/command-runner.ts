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
const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * Where the agent looks for `ip`, `wg`, `nft` and `wireguard-go`: the PATH it was given minus
 * Node package bin directories. Started through npx or an npm script, node_modules/.bin
 * comes first, and a Node CLI there may carry a system tool's name (a package's `nft`
 * command has done so): it would run in nftables' place, exit 0 and load nothing.
 */
export function toolSearchPath(path: string | undefined): string {
  const dirs = (path ?? '').split(':').filter((dir) => dir !== '' && !/(^|\/)node_modules\/\.bin\/?$/.test(dir));
  return dirs.length > 0 ? dirs.join(':') : SYSTEM_PATH;
}

/** The production runner: execa without a shell, so no argument is ever parsed by one. */
export class ExecaCommandRunner implements CommandRunner {
  private readonly netns: string | null;
  private readonly timeoutMs: number;
  private readonly path = toolSearchPath(process.env['PATH']);

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
        // `ip`, `wg` and `nft` print the same way in every locale we might run in. `ip netns
        // exec` passes PATH on, so the tools inside a namespace are found the same way.
        env: { LC_ALL: 'C', PATH: this.path },
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
