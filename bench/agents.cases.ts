import { create, fromBinary, fromJson, toBinary, type JsonValue } from '@bufbuild/protobuf';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  applyDesiredStateDelta,
  DesiredStateDigester,
  DesiredStateNoticeSchema,
  DesiredStateRequestSchema,
  DesiredStateSnapshotSchema,
  desiredStateFromWire,
  EnrollmentResponseSchema,
  natsTlsOptions,
  type DesiredStateDelta,
  type EnrollmentResponse,
} from '@wom/contracts';
import { generateKeyPair, type DesiredState } from '@wom/domain';
import { fastJwtAuthenticator } from '../control-plane/src/nats/nats-auth';
import { Nkey } from '../control-plane/src/nats/nkey';
import { buildControlPlane, freePort, startControlPlane, type ControlPlaneProcess } from './control-plane-process';
import { percentile, type CaseOutcome } from './measure';

/** BENCH_AGENTS overrides the scale (the target is 1,000). */
const AGENTS = Number(process.env['BENCH_AGENTS'] ?? 1000);
const CHANGES = 3;
const ENROLL_CONCURRENCY = 16;
/** A change is done when no agent has fetched a new revision for this long. */
const QUIET_MS = 1_500;
const CHANGE_DEADLINE_MS = 30_000;

async function api(cp: ControlPlaneProcess, method: string, path: string, body?: object): Promise<Record<string, unknown>> {
  const res = await fetch(`${cp.baseUrl}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

/**
 * One simulated agent: its own NATS connection and credentials. Like the daemon, it applies a
 * notice's delta to the state it holds when the base is its revision (digest checked), and
 * otherwise fetches the full snapshot; it applies nothing to a system.
 */
class SimulatedAgent {
  held = 0n;
  heldAt = 0;
  bytesReceived = 0;
  deltasApplied = 0;
  snapshotsFetched = 0;
  private state: DesiredState | undefined;
  private fetching: Promise<void> | null = null;
  private wanted = 0n;
  private readonly digester = new DesiredStateDigester();

  private constructor(
    readonly enrollment: EnrollmentResponse,
    private readonly connection: NatsConnection,
  ) {}

  static async connect(enrollment: EnrollmentResponse, seed: string): Promise<SimulatedAgent> {
    const connection = await connect({
      servers: enrollment.natsUrls,
      tls: natsTlsOptions(enrollment.natsUrls, enrollment.natsCaPem || null),
      authenticator: fastJwtAuthenticator(enrollment.natsUserJwt, seed),
      inboxPrefix: enrollment.inboxPrefix,
      reconnect: false,
    });
    const agent = new SimulatedAgent(enrollment, connection);
    connection.subscribe(enrollment.subjects!.notify, {
      callback: (_error, msg) => {
        agent.bytesReceived += msg.data.length;
        const notice = fromBinary(DesiredStateNoticeSchema, msg.data);
        agent.want(notice.revision, notice.delta);
      },
    });
    await agent.fetch();
    return agent;
  }

  private want(revision: bigint, delta?: DesiredStateDelta): void {
    if (revision <= this.held) return;
    if (delta && !this.fetching && this.state && delta.baseRevision === this.held) {
      try {
        this.hold(revision, applyDesiredStateDelta(this.state, delta, this.digester));
        this.deltasApplied++;
        return;
      } catch {
        // Falls through to the snapshot, as the daemon does.
      }
    }
    this.wanted = revision > this.wanted ? revision : this.wanted;
    if (!this.fetching) this.fetching = this.fetch().finally(() => (this.fetching = null));
  }

  private async fetch(): Promise<void> {
    const request = toBinary(DesiredStateRequestSchema, create(DesiredStateRequestSchema, { agentId: this.enrollment.agentId, appliedRevision: this.held }));
    const reply = await this.connection.request(this.enrollment.subjects!.desired, request, { timeout: 20_000 });
    this.bytesReceived += reply.data.length;
    this.snapshotsFetched++;
    const snapshot = fromBinary(DesiredStateSnapshotSchema, reply.data);
    if (snapshot.revision > this.held && snapshot.state) {
      const state = desiredStateFromWire(snapshot.state);
      // As the daemon does: entries are hashed on a snapshot, so a delta rehashes only its own.
      this.digester.digest(state);
      this.hold(snapshot.revision, state);
    }
    if (this.wanted > this.held) await this.fetch();
  }

  private hold(revision: bigint, state: DesiredState): void {
    this.held = revision;
    this.state = state;
    this.heldAt = performance.now();
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}

async function enrollAll(cp: ControlPlaneProcess, token: string, count: number): Promise<{ enrollment: EnrollmentResponse; seed: string }[]> {
  const enrolled: { enrollment: EnrollmentResponse; seed: string }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const nats = Nkey.generate('user');
      const body = await api(cp, 'POST', '/api/agents/enroll', { token, wireguardPublicKey: generateKeyPair().publicKey, natsPublicKey: nats.publicKey, hostname: `site-${index}` });
      enrolled.push({ enrollment: fromJson(EnrollmentResponseSchema, body as JsonValue), seed: nats.seed() });
    }
  };
  await Promise.all(Array.from({ length: Math.min(count, ENROLL_CONCURRENCY) }, worker));
  return enrolled;
}

/**
 * Resolves once agents have taken a new revision and then none has for QUIET_MS; bounded by
 * CHANGE_DEADLINE_MS. `moved` tells whether any agent has taken one since `since`.
 */
async function settle(agents: readonly SimulatedAgent[], since: number): Promise<void> {
  const deadline = since + CHANGE_DEADLINE_MS;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const last = Math.max(0, ...agents.map((agent) => agent.heldAt));
    const moved = last > since;
    if ((moved && performance.now() - last >= QUIET_MS) || performance.now() > deadline) return;
  }
}

async function distributionCase(topology: 'hub-spoke' | 'mesh'): Promise<CaseOutcome> {
  buildControlPlane();
  const cp = await startControlPlane('postgres', { NATS_PORT: String(await freePort()), RATE_LIMIT_AUTH: '0', LOG_LEVEL: 'error' });
  const agents: SimulatedAgent[] = [];
  try {
    const wan = await api(cp, 'POST', '/api/wan', { name: `bench-${topology}`, topologyType: topology, tunnelIpRange: '10.64.0.0/20', sharedServicesRange: '10.65.0.0/24' });
    const enrollStarted = performance.now();
    const enrolled: Awaited<ReturnType<typeof enrollAll>> = [];
    if (topology === 'hub-spoke') {
      // The hub is an agent too: a change at a spoke reaches that spoke and the hub.
      const hubToken = (await api(cp, 'POST', '/api/enrollment-tokens', { wanId: wan['id'], peerType: 'hub', nameTemplate: 'hub' }))['token'] as string;
      enrolled.push(...(await enrollAll(cp, hubToken, 1)));
      await api(cp, 'PUT', `/api/peers/${enrolled[0]!.enrollment.peerId}`, { endpoint: 'hub.example.com:51820', listenPort: 51820 });
    }
    const token = (await api(cp, 'POST', '/api/enrollment-tokens', { wanId: wan['id'], maxUses: AGENTS, nameTemplate: '{hostname}' }))['token'] as string;
    enrolled.push(...(await enrollAll(cp, token, AGENTS - enrolled.length)));
    const enrollMs = performance.now() - enrollStarted;
    if (topology === 'mesh') {
      // Every mesh pair needs an endpoint on one side; give each site one, as an operator would.
      let next = 0;
      const worker = async () => {
        while (next < enrolled.length) {
          const index = next++;
          await api(cp, 'PUT', `/api/peers/${enrolled[index]!.enrollment.peerId}`, { endpoint: `198.18.${index >> 8}.${index & 255}:51820` });
        }
      };
      await Promise.all(Array.from({ length: ENROLL_CONCURRENCY }, worker));
    }
    const connectStarted = performance.now();
    for (let i = 0; i < enrolled.length; i += 100) {
      agents.push(...(await Promise.all(enrolled.slice(i, i + 100).map(({ enrollment, seed }) => SimulatedAgent.connect(enrollment, seed)))));
    }
    const connectMs = performance.now() - connectStarted;
    // Let the publisher finish with the enrollments before the first measured change.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await settle(agents, 0);

    const latencies: number[] = [];
    const cpuPerChange: number[] = [];
    const bytesPerChange: number[] = [];
    const affected: number[] = [];
    const count = (field: 'deltasApplied' | 'snapshotsFetched') => agents.reduce((sum, agent) => sum + agent[field], 0);
    const [deltasBefore, snapshotsBefore] = [count('deltasApplied'), count('snapshotsFetched')];
    for (let change = 0; change < CHANGES; change++) {
      // A spoke (never the hub, which is enrolled first) publishes the service.
      const owner = enrolled[1 + ((change * 337) % (enrolled.length - 1))]!.enrollment.peerId;
      const before = agents.map((agent) => agent.held);
      const bytesBefore = agents.reduce((sum, agent) => sum + agent.bytesReceived, 0);
      const cpuBefore = cp.cpuMs();
      const started = performance.now();
      await api(cp, 'POST', `/api/peers/${owner}/services`, { name: `svc-${change}`, localIp: '192.168.50.10', localPort: 8000 + change, protocol: 'tcp' });
      await settle(agents, started);
      const moved = agents.filter((agent, index) => agent.held > before[index]!);
      latencies.push(...moved.map((agent) => agent.heldAt - started));
      affected.push(moved.length);
      // The quiet wait is idle for the publisher but still polls; it is part of the cost.
      cpuPerChange.push(cp.cpuMs() - cpuBefore);
      bytesPerChange.push(agents.reduce((sum, agent) => sum + agent.bytesReceived, 0) - bytesBefore);
    }
    const [deltas, snapshots] = [count('deltasApplied') - deltasBefore, count('snapshotsFetched') - snapshotsBefore];
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    return {
      name: `${AGENTS.toLocaleString('en')} agents, ${topology}: publish a service until every affected agent holds the new revision`,
      target: 'p99 ≤ 1 s',
      limitMs: 1_000,
      medianMs: p50,
      runs: [p50, p99],
      passed: p99 <= 1_000 && affected.every((count) => count > 0),
      notes:
        `median column is the p50; runs are p50, p99 over ${latencies.length} agent updates from ${CHANGES} changes (affected agents per change: ${affected.join(', ')}). ` +
        `Control-plane CPU ${mean(cpuPerChange).toFixed(0)} ms and ${(mean(bytesPerChange) / 1024).toFixed(1)} KiB sent to agents per change; ` +
        `agents took ${deltas} deltas and fetched ${snapshots} full snapshots. ` +
        `Enrolling ${AGENTS} agents over HTTP took ${(enrollMs / 1000).toFixed(1)} s; their ${AGENTS} NATS connections ${(connectMs / 1000).toFixed(1)} s.`,
    };
  } finally {
    await Promise.all(agents.map((agent) => agent.close().catch(() => undefined)));
    await cp.stop();
  }
}

export const AGENTS_CASES: Record<string, () => Promise<CaseOutcome>> = {
  'agents-hub-spoke': () => distributionCase('hub-spoke'),
  'agents-mesh': () => distributionCase('mesh'),
};
