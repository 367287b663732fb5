import type { DriftPolicy } from '../drift/drift.service';
import { AgentDaemon } from '../daemon/agent.daemon';
import { NatsAgentTransport } from '../daemon/nats-agent.transport';
import { RouterJobWorker } from '../jobs/router-job.worker';
import { RunJournal } from '../jobs/run-journal';
import { RouterPoller } from '../jobs/router-poller';
import { RunRecovery } from '../jobs/run-recovery';
import { ExecaCommandRunner } from '../linux/command-runner';
import type { UserspaceMode } from '../linux/linux-system.adapters';
import { linuxSystemPorts } from '../linux/linux-system.adapters';
import type { AgentRuntime } from '../state/agent-state.store';
import { AgentStateStore } from '../state/agent-state.store';

export interface RunOptions {
  readonly stateDir: string;
  readonly statusIntervalMs: number;
  readonly driftIntervalMs: number;
  readonly driftPolicy: DriftPolicy;
  readonly natsUrls: readonly string[] | null;
  readonly netns: string | null;
  readonly userspace: UserspaceMode;
  readonly interfaceName: string | null;
}

/** Runs until SIGTERM or SIGINT; on the way out it closes NATS and leaves every tunnel as it is. */
export async function runDaemon(options: RunOptions): Promise<void> {
  const store = new AgentStateStore(options.stateDir);
  const [identity, privateKey, credentials, ca, sealingKey] = await Promise.all([store.readIdentity(), store.readWireGuardKey(), store.readNatsCredentials(), store.readNatsCa(), store.readSealingKey()]);
  if (identity === null || privateKey === null || credentials === null) {
    throw new Error(`not enrolled: no identity in ${options.stateDir}; run "wom-agent enroll --server URL --token TOKEN" first`);
  }
  const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);
  const ports = linuxSystemPorts(new ExecaCommandRunner({ netns: options.netns }), options.userspace);
  const daemon = new AgentDaemon(identity, privateKey, store, ports, { ...options, log });
  const runtime = new RuntimeRecorder(store);
  await runtime.record({ state: 'connecting', server: null, error: null });
  await daemon.restore();
  const transport = await NatsAgentTransport.connect(identity, { ...credentials, ca }, log, options.natsUrls ?? undefined, (change) => void runtime.record(change));
  log(`connected as agent ${identity.agentId}`);
  // MikroTik routers assigned to this agent: deploy, verify, rollback and drift jobs run here.
  // Router passwords arrive sealed to this agent's own key; without one (enrolled before sealing) router jobs are refused.
  const sealing = sealingKey !== null && identity.sealingPublicKey ? { publicKey: identity.sealingPublicKey, privateKey: sealingKey } : null;
  const journal = new RunJournal(options.stateDir);
  const routerJobs = new RouterJobWorker(transport.natsConnection, identity.agentId, { log, sealingKey: sealing, journal });
  // Runs a crash cut off last time: their routers are restored before they take other jobs.
  for (const hold of await new RunRecovery(transport.natsConnection, identity.agentId, journal, log).start()) routerJobs.hold(hold);
  routerJobs.start();
  // Their health too: the control plane asks on its monitoring interval, and never reaches them itself.
  const routerPolls = new RouterPoller(transport.natsConnection, identity.agentId, { log, sealingKey: sealing });
  routerPolls.start();
  const stopped = new Promise<void>((resolve) => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => resolve());
  });
  await daemon.start(transport);
  await stopped;
  daemon.stop();
  routerPolls.stop();
  await routerJobs.stop();
  await transport.close();
  log('stopped; tunnels left as applied');
}

/** Keeps runtime.json current, one write at a time, so `wom-agent status` can say how NATS is doing. */
class RuntimeRecorder {
  private readonly startedAtMs = Date.now();
  private writes: Promise<void> = Promise.resolve();

  constructor(private readonly store: AgentStateStore) {}

  record(change: Pick<AgentRuntime['nats'], 'state' | 'server' | 'error'>): Promise<void> {
    const runtime: AgentRuntime = { pid: process.pid, startedAtMs: this.startedAtMs, nats: { ...change, sinceMs: Date.now() } };
    this.writes = this.writes.then(() => this.store.writeRuntime(runtime)).catch(() => undefined);
    return this.writes;
  }
}
