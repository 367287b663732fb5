import { setTimeout as sleep } from 'node:timers/promises';
import { ExecaCommandRunner } from '../linux/command-runner';
import { WgCommandAdapter } from '../linux/linux-system.adapters';
import { AgentStateStore } from '../state/agent-state.store';
import { collectPeerStatus } from '../status/peer-status.collector';
import { isProcessAlive } from '../status/process-alive';
import type { StatusFacts } from '../status/status-summary';
import { handshakeVerdict, renderStatus } from '../status/status-summary';
import { versionLine } from '../version';

export interface StatusOptions {
  readonly stateDir: string;
  readonly netns: string | null;
  /** Seconds to wait for the first handshake before giving the reason there is none; 0 reads once. */
  readonly waitSeconds: number;
}

const POLL_MS = 500;

async function gather(store: AgentStateStore, wg: WgCommandAdapter): Promise<StatusFacts | null> {
  const [identity, applied, last, runtime] = await Promise.all([store.readIdentity(), store.readApplied(), store.readLastApply(), store.readRuntime()]);
  if (identity === null) return null;
  const name = applied?.state.interface.name;
  const peers = name === undefined ? [] : await collectPeerStatus(wg, name, applied!.state).catch(() => []);
  return { version: versionLine(), identity, runtime, daemonRunning: isProcessAlive(runtime?.pid), applied, lastError: last?.result.error ?? null, peers, nowMs: Date.now() };
}

/**
 * `wom-agent status`: the control plane, NATS, the applied revision, the interface and each
 * peer's handshake, then one line saying whether the tunnel is up or why not. With `--wait`
 * it first waits (bounded) for the first handshake: the installer's last step.
 */
export async function printStatus(options: StatusOptions): Promise<number> {
  const store = new AgentStateStore(options.stateDir);
  const wg = new WgCommandAdapter(new ExecaCommandRunner({ netns: options.netns }));
  const deadline = Date.now() + options.waitSeconds * 1000;
  let facts = await gather(store, wg);
  while (facts !== null && !handshakeVerdict(facts).ok && Date.now() < deadline) {
    await sleep(POLL_MS);
    facts = await gather(store, wg);
  }
  if (facts === null) {
    console.log(`not enrolled: no identity in ${options.stateDir}. Enroll with "wom-agent enroll --server URL --token TOKEN".`);
    return 1;
  }
  for (const line of renderStatus(facts)) console.log(line);
  console.log(handshakeVerdict(facts).line);
  return 0;
}
