import { parseArgs } from 'node:util';
import { enroll, EnrollmentRefusedError } from './cli/enroll.command';
import { runDaemon } from './cli/run.command';
import { printStatus } from './cli/status.command';
import { uninstall } from './cli/uninstall.command';
import { DRIFT_POLICIES } from './drift/drift.service';
import type { DriftPolicy } from './drift/drift.service';
import { DEFAULT_STATE_DIR } from './state/agent-state.store';
import { versionLine } from './version';

const USAGE = `Usage:
  wom-agent enroll --server URL --token TOKEN [--peer-id ID] [--pin sha256//B64] [--state-dir DIR]
  wom-agent run [--state-dir DIR] [--status-interval SECONDS] [--drift-interval SECONDS] [--drift-policy report|reconcile]
                [--nats URL] [--interface NAME] [--netns NAME] [--userspace auto|always|never]
  wom-agent status [--state-dir DIR] [--netns NAME] [--wait SECONDS]
  wom-agent uninstall [--state-dir DIR] [--netns NAME] [--purge]
  wom-agent --version`;

const OPTIONS = {
  server: { type: 'string' },
  token: { type: 'string' },
  'peer-id': { type: 'string' },
  pin: { type: 'string' },
  'state-dir': { type: 'string', default: DEFAULT_STATE_DIR },
  'status-interval': { type: 'string', default: '10' },
  'drift-interval': { type: 'string', default: '60' },
  'drift-policy': { type: 'string', default: 'reconcile' },
  nats: { type: 'string', multiple: true },
  netns: { type: 'string' },
  interface: { type: 'string' },
  userspace: { type: 'string', default: 'auto' },
  wait: { type: 'string', default: '0' },
  purge: { type: 'boolean', default: false },
  version: { type: 'boolean', short: 'V' },
  help: { type: 'boolean', short: 'h' },
} as const;

class UsageError extends Error {}

function seconds(value: string, option: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 1 || parsed > 86_400) throw new UsageError(`--${option} must be a number of seconds from 1 to 86400, got "${value}"`);
  return parsed * 1000;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  const [command] = positionals;
  if (values.version) {
    console.log(versionLine());
    return 0;
  }
  if (values.help || command === undefined) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const stateDir = values['state-dir'];
  switch (command) {
    case 'enroll': {
      if (!values.server || !values.token) throw new UsageError('enroll needs --server and --token');
      const identity = await enroll({ server: values.server, token: values.token, stateDir, ...(values['peer-id'] ? { peerId: values['peer-id'] } : {}), ...(values.pin ? { pin: values.pin } : {}) });
      console.log(`enrolled as ${identity.peerName} (agent ${identity.agentId}, peer ${identity.peerId})${identity.pendingApproval ? '; waiting for approval' : ''}`);
      return 0;
    }
    case 'run': {
      const policy = values['drift-policy'];
      if (!(DRIFT_POLICIES as readonly string[]).includes(policy)) throw new UsageError(`--drift-policy must be one of ${DRIFT_POLICIES.join(', ')}`);
      const userspace = values.userspace;
      if (!['auto', 'always', 'never'].includes(userspace)) throw new UsageError('--userspace must be auto, always or never');
      await runDaemon({
        stateDir,
        statusIntervalMs: seconds(values['status-interval'], 'status-interval'),
        driftIntervalMs: seconds(values['drift-interval'], 'drift-interval'),
        driftPolicy: policy as DriftPolicy,
        natsUrls: values.nats ?? null,
        netns: values.netns ?? null,
        interfaceName: values.interface ?? null,
        userspace: userspace as 'auto' | 'always' | 'never',
      });
      return 0;
    }
    case 'status': {
      const wait = Number(values.wait);
      if (!Number.isInteger(wait) || wait < 0 || wait > 600) throw new UsageError(`--wait must be a whole number of seconds from 0 to 600, got "${values.wait}"`);
      return printStatus({ stateDir, netns: values.netns ?? null, waitSeconds: wait });
    }
    case 'uninstall':
      return uninstall({ stateDir, netns: values.netns ?? null, purge: values.purge });
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      console.error(`wom-agent: ${error.message}\n${USAGE}`);
      process.exitCode = 2;
    } else if (error instanceof EnrollmentRefusedError) {
      console.error(`wom-agent: enrollment refused (${error.code}): ${error.message}`);
      process.exitCode = 1;
    } else {
      console.error(`wom-agent: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    }
  },
);
