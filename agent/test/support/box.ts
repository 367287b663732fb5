import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deadline } from './netns';

/**
 * A fresh Linux box for the installer, as far as a test can make one without a VM: a
 * directory the installer treats as `/` (its `--root` option), an `/etc/os-release` of the
 * chosen distribution, and a PATH of this machine's tools with Node.js left out, so nothing
 * the installer or the installed agent runs can lean on a Node from the repository.
 *
 * systemd is the one thing stubbed, at the installer's edge: `systemctl restart` starts the
 * unit's ExecStart (its paths mapped under the root) in the background and `systemctl stop`
 * stops it by the pid it recorded; every call is logged. Package managers are stubbed only
 * when a test asks, and then they only log what they were asked to install.
 */

const NODE_COMMANDS = ['node', 'nodejs', 'npm', 'npx', 'corepack', 'tsx', 'yarn', 'pnpm'];
const PACKAGE_MANAGERS = ['apt-get', 'apt', 'dnf', 'yum'];
const SEARCH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

export const OS_RELEASE = {
  debian: 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n',
  rocky: 'NAME="Rocky Linux"\nID="rocky"\nID_LIKE="rhel centos fedora"\nVERSION_ID="9.4"\n',
  alpine: 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.20.0\n',
} as const;

const SYSTEMCTL = `#!/bin/sh
# systemd, stubbed for the installer under test: see agent/test/support/box.ts.
root=\${WOM_TEST_ROOT:?}
echo "systemctl $*" >>"$root/.calls"
pidfile="$root/.agent.pid"
stop() {
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  kill "$pid" 2>/dev/null || true
  i=0
  while kill -0 "$pid" 2>/dev/null && [ $i -lt 150 ]; do sleep 0.1; i=$((i + 1)); done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$pidfile"
}
start() {
  WOM_AGENT_ARGS=''
  [ -f "$root/etc/default/wom-agent" ] && . "$root/etc/default/wom-agent"
  cmd=$(sed -n 's/^ExecStart=//p' "$root/etc/systemd/system/wom-agent.service" | sed "s#/usr/local/bin/#$root/usr/local/bin/#; s#/var/lib/#$root/var/lib/#g")
  eval "set -- $cmd"
  # As systemd does: the service starts with a clean environment holding only the unit's
  # Environment= lines and its EnvironmentFile=, never the installer's own variables.
  unit_env=$(sed -n 's/^Environment=//p' "$root/etc/systemd/system/wom-agent.service" | tr '\\n' ' ')
  file_env=$([ -f "$root/etc/default/wom-agent" ] && grep -E '^[A-Za-z_][A-Za-z0-9_]*=' "$root/etc/default/wom-agent" | tr '\\n' ' ')
  eval "set -- env -i PATH=\\"\\$PATH\\" $unit_env $file_env \\"\\$@\\""
  nohup "$@" >>"$root/.agent.log" 2>&1 &
  echo $! >"$pidfile"
}
case "$*" in
  daemon-reload|"enable wom-agent.service") ;;
  "restart wom-agent.service") stop; start ;;
  "disable --now wom-agent.service"|"stop wom-agent.service") stop ;;
  *) echo "systemctl stub: unexpected call: $*" >&2; exit 1 ;;
esac
`;

const PACKAGE_MANAGER = `#!/bin/sh
echo "$(basename "$0") $*" >>"\${WOM_TEST_ROOT:?}/.calls"
`;

export interface BoxOptions {
  readonly os?: keyof typeof OS_RELEASE;
  /** Commands this box does not have (besides Node.js). */
  readonly without?: readonly string[];
  /** Put logging stand-ins for apt-get, dnf and yum on the PATH. */
  readonly stubPackageManagers?: boolean;
}

export interface InstallerRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

export class Box {
  readonly root: string;
  private readonly bin: string;

  constructor(options: BoxOptions = {}) {
    const dir = mkdtempSync(join(tmpdir(), 'wom-box-'));
    // Readable by every user, so the installer can also be run as one that is not root.
    chmodSync(dir, 0o755);
    this.root = join(dir, 'root');
    this.bin = join(dir, 'bin');
    mkdirSync(join(this.root, 'etc'), { recursive: true });
    mkdirSync(this.bin);
    writeFileSync(join(this.root, 'etc/os-release'), OS_RELEASE[options.os ?? 'debian']);
    writeFileSync(join(this.root, '.calls'), '');
    const left = new Set([...NODE_COMMANDS, ...PACKAGE_MANAGERS, 'systemctl', ...(options.without ?? [])]);
    for (const directory of SEARCH) {
      if (!existsSync(directory)) continue;
      for (const name of readdirSync(directory)) {
        if (left.has(name) || existsSync(join(this.bin, name))) continue;
        symlinkSync(join(directory, name), join(this.bin, name));
      }
    }
    this.writeTool('systemctl', SYSTEMCTL);
    if (options.stubPackageManagers) for (const name of PACKAGE_MANAGERS) this.writeTool(name, PACKAGE_MANAGER);
  }

  /** The environment the installer runs with: nothing of the test's own. */
  env(): Record<string, string> {
    return { PATH: this.bin, HOME: '/root', LANG: 'C', WOM_TEST_ROOT: this.root };
  }

  /** What the stubs were asked, one call per line. */
  calls(): string[] {
    return readFileSync(join(this.root, '.calls'), 'utf8').split('\n').filter(Boolean);
  }

  path(relative: string): string {
    return join(this.root, relative);
  }

  agentLog(): string {
    return existsSync(this.path('.agent.log')) ? readFileSync(this.path('.agent.log'), 'utf8') : '';
  }

  agentPid(): number | null {
    return existsSync(this.path('.agent.pid')) ? Number(readFileSync(this.path('.agent.pid'), 'utf8')) : null;
  }

  /**
   * `curl -fsSL <script> | sh -s -- <args>` as a site admin types it, inside `netns`, as root
   * unless `asUser` gives another uid. `curlOptions` go before the URL (e.g. the install
   * command's `-k --pinnedpubkey sha256//…`). Bounded by `timeoutMs`.
   */
  install(netns: string, scriptUrl: string, args: readonly string[], options: { asUser?: number; timeoutMs?: number; curlOptions?: readonly string[] } = {}): Promise<InstallerRun> {
    const curlOptions = (options.curlOptions ?? []).map((word) => `'${word.replaceAll("'", `'\\''`)}'`).join(' ');
    const pipeline = ['sh', '-c', `url=$1; shift; curl -fsSL ${curlOptions} "$url" | sh -s -- "$@"`, 'sh', scriptUrl, ...args];
    const user = options.asUser === undefined ? [] : ['setpriv', `--reuid=${options.asUser}`, `--regid=${options.asUser}`, '--clear-groups'];
    const started = Date.now();
    const child = spawn('ip', ['netns', 'exec', netns, 'env', '-i', ...Object.entries(this.env()).map(([k, v]) => `${k}=${v}`), ...user, ...pipeline], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    return Promise.race([exited, deadline(options.timeoutMs ?? 120_000).then(() => 'timeout' as const)]).then(async (code) => {
      if (code === 'timeout') {
        child.kill('SIGKILL');
        await exited;
        throw new Error(`the installer did not finish in time:\n${stdout}\n${stderr}`);
      }
      return { status: code, stdout, stderr, ms: Date.now() - started };
    });
  }

  /** Stops the agent the stub started (by its recorded pid) and removes the box. */
  dispose(): void {
    const pid = this.agentPid();
    // Only while that pid is still this box's agent: an exited agent's pid may by now be another
    // suite's process (a control plane), which must never be killed from here.
    if (pid !== null && this.runsHere(pid)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    rmSync(join(this.root, '..'), { recursive: true, force: true });
  }

  private runsHere(pid: number): boolean {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(this.root);
    } catch {
      return false;
    }
  }

  private writeTool(name: string, script: string): void {
    writeFileSync(join(this.bin, name), script);
    chmodSync(join(this.bin, name), 0o755);
  }
}
