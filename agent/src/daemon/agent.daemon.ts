import { hostname } from 'node:os';
import type { DesiredState } from '@wom/domain';
import { create } from '@bufbuild/protobuf';
import {
  ApplyReportSchema,
  applyDesiredStateDelta,
  DesiredStateDigester,
  DriftArea,
  DriftKind,
  DriftReportSchema,
  StatusReportSchema,
  desiredStateFromWire,
  type DesiredStateDelta,
} from '@wom/contracts';
import type { DriftItem } from '../drift/drift.detector';
import type { DriftPolicy } from '../drift/drift.service';
import { DriftService } from '../drift/drift.service';
import type { ApplyOutcome } from '../linux/linux-apply.service';
import { errorMessage, LinuxApplyService } from '../linux/linux-apply.service';
import type { LinuxSystemPorts } from '../linux/linux-system.port';
import { prepareState } from '../linux/prepared-state';
import { removeAppliedState } from '../linux/remove-applied-state';
import type { AgentIdentity, AgentStateStore, AppliedRecord } from '../state/agent-state.store';
import { collectPeerStatus } from '../status/peer-status.collector';
import { AGENT_VERSION } from '../version';
import type { AgentTransport } from './nats-agent.transport';
import { PullRetry } from './pull-retry';

export interface DaemonOptions {
  readonly statusIntervalMs: number;
  readonly driftIntervalMs: number;
  readonly driftPolicy: DriftPolicy;
  /**
   * The local name of the WireGuard interface, in place of the one in the desired state.
   * Names are local: two agents on one machine (or a name already taken) need their own.
   */
  readonly interfaceName?: string | null;
  readonly log: (line: string) => void;
}

const AREAS: Record<DriftItem['area'], DriftArea> = {
  interface: DriftArea.INTERFACE,
  'wireguard-peer': DriftArea.WIREGUARD_PEER,
  address: DriftArea.ADDRESS,
  route: DriftArea.ROUTE,
  nftables: DriftArea.NFTABLES,
  forwarding: DriftArea.FORWARDING,
};
class PullSuperseded extends Error {
  constructor() {
    super('superseded by a newer notice');
  }
}

const KINDS: Record<DriftItem['kind'], DriftKind> = { unknown: DriftKind.UNKNOWN, missing: DriftKind.MISSING, mismatched: DriftKind.MISMATCHED };

/**
 * `wom-agent run`. On start it applies the last state it applied (from disk), so a reboot
 * brings the tunnels back before NATS is even reachable. Then it pulls the full snapshot on
 * connect and on every reconnect. A notice with a delta against exactly the revision it
 * holds is applied to that state; any other notice (no delta, another base, a rebuilt state
 * whose digest differs) pulls the full snapshot. It applies only revisions newer than the
 * one it holds, and reports apply results, peer status and drift. Losing NATS or the control
 * plane never removes anything: the last applied state simply stays.
 */
export class AgentDaemon {
  private applied: AppliedRecord | null = null;
  /**
   * The state as published (before the local interface name), at the applied revision: the
   * base for the next delta. Memory only: after a restart the first change fetches a snapshot.
   */
  private desired: { readonly revision: number; readonly state: DesiredState } | null = null;
  /** Long-lived, so entries a delta leaves unchanged are not hashed again. */
  private readonly digester = new DesiredStateDigester();
  private lastError = '';
  private driftReported = false;
  /**
   * Everything that applies or inspects the system (pulls, drift checks) runs one at a time
   * in this queue: a drift check during an apply would see a half-applied system, and a
   * reconcile queued before a newer revision must not put the older one back.
   */
  private queue: Promise<void> = Promise.resolve();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly applier: LinuxApplyService;
  private readonly drift: DriftService;
  private readonly pullRetry: PullRetry;
  /**
   * The pull waiting for its answer. A notice or a reconnect gives up on it and asks again: a
   * request sent while the control plane was still coming up may never be answered, and waiting
   * out its timeout would hold every newer revision behind it.
   */
  private waitingPull: { readonly giveUp: () => void } | null = null;

  constructor(
    private readonly identity: AgentIdentity,
    private readonly privateKey: string,
    private readonly store: AgentStateStore,
    private readonly ports: LinuxSystemPorts,
    private readonly options: DaemonOptions,
  ) {
    this.applier = new LinuxApplyService(ports);
    this.drift = new DriftService(ports);
    this.pullRetry = new PullRetry(options.log);
  }

  /** Restores the last applied state; works with no network at all. */
  async restore(): Promise<void> {
    this.applied = await this.store.readApplied();
    if (this.applied === null) return;
    const outcome = await this.applyAndRecord(this.applied.state, this.applied.revision);
    const changed = outcome.result.steps.filter((step) => !step.unchanged).map((step) => step.name);
    const summary = changed.length === 0 ? 'nothing changed' : `changed ${changed.join(', ')}`;
    this.options.log(`restored revision ${this.applied.revision}: ${outcome.result.ok ? `ok, ${summary}` : outcome.result.error}`);
  }

  async start(transport: AgentTransport): Promise<void> {
    transport.onChange((revision, delta) => {
      if (revision !== 0 && revision <= (this.applied?.revision ?? 0)) return;
      this.waitingPull?.giveUp();
      if (delta && revision !== 0) this.enqueue('delta', () => this.applyDelta(transport, revision, delta));
      else this.schedulePull(transport);
    });
    this.schedulePull(transport);
    this.timers.push(setInterval(() => void this.reportStatus(transport).catch((e) => this.options.log(`status: ${errorMessage(e)}`)), this.options.statusIntervalMs));
    this.timers.push(setInterval(() => this.enqueue('drift', () => this.checkDrift(transport)), this.options.driftIntervalMs));
    await this.queue;
  }

  stop(): void {
    this.timers.forEach(clearInterval);
    this.pullRetry.cancel();
  }

  /** A notice during an apply queues one more pull, never a parallel apply. */
  private schedulePull(transport: AgentTransport): void {
    this.enqueue('pull', () => this.pull(transport));
  }

  private enqueue(what: string, task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((error) => this.options.log(`${what}: ${errorMessage(error)}`));
  }

  /** Resolves once everything queued so far has run. */
  idle(): Promise<void> {
    return this.queue;
  }

  private async pull(transport: AgentTransport): Promise<void> {
    let snapshot: Awaited<ReturnType<AgentTransport['requestDesired']>>;
    try {
      snapshot = await this.answerOrGiveUp(transport.requestDesired(this.applied?.revision ?? 0, this.pullRetry.answerWaitMs()));
    } catch (error) {
      // Given up for a newer notice: the pull that notice queued asks again.
      if (error instanceof PullSuperseded) return;
      this.pullRetry.failed(error, () => this.schedulePull(transport));
      return;
    }
    this.pullRetry.succeeded();
    const revision = Number(snapshot.revision);
    if (snapshot.removed) return this.takeDown(transport, revision);
    if (snapshot.state === undefined || revision <= (this.applied?.revision ?? 0)) return;
    const state = desiredStateFromWire(snapshot.state);
    await this.applyRevision(transport, state, revision);
    // Hashes the entries now, so the next delta rehashes only the entries it changes.
    if (this.desired?.state === state) this.digester.digest(state);
  }

  private answerOrGiveUp<T>(request: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const waiting = { giveUp: () => reject(new PullSuperseded()) };
      this.waitingPull = waiting;
      // A given-up request still settles later; its answer or timeout is then ignored.
      request.then(resolve, reject).finally(() => {
        if (this.waitingPull === waiting) this.waitingPull = null;
      });
    });
  }

  /** Runs in the queue, so the base it checks is the one applied when its turn comes. */
  private async applyDelta(transport: AgentTransport, revision: number, delta: DesiredStateDelta): Promise<void> {
    if (revision <= (this.applied?.revision ?? 0)) return;
    const base = this.desired;
    if (base === null || base.revision !== Number(delta.baseRevision) || base.revision !== this.applied?.revision) return this.pull(transport);
    let state: DesiredState;
    try {
      state = applyDesiredStateDelta(base.state, delta, this.digester);
    } catch (error) {
      this.options.log(`revision ${revision}: ${errorMessage(error)}; pulling the full snapshot`);
      return this.pull(transport);
    }
    await this.applyRevision(transport, state, revision);
  }

  private async applyRevision(transport: AgentTransport, state: DesiredState, revision: number): Promise<void> {
    const outcome = await this.applyAndRecord(this.localised(state), revision);
    if (outcome.result.ok) this.desired = { revision, state };
    const { result } = outcome;
    transport.publish(
      'reportApply',
      ApplyReportSchema,
      create(ApplyReportSchema, {
        agentId: this.identity.agentId,
        revision: BigInt(result.revision),
        ok: result.ok,
        failedStep: result.failedStep ?? '',
        error: result.error ?? '',
        steps: result.steps.map((step) => ({ ...step, durationMs: Math.round(step.durationMs) })),
        startedAtMs: BigInt(result.startedAtMs),
        finishedAtMs: BigInt(result.finishedAtMs),
      }),
    );
    this.options.log(`revision ${revision}: ${result.ok ? 'applied' : result.error}`);
  }

  /**
   * The peer was deleted: everything this instance applied comes down (its interface with the
   * routes on it, its nftables table), nothing is kept to restore at the next start, and the
   * revision that said so is reported applied, which lets the control plane forget the peer.
   * Repeated notices of that revision find nothing left and report it again.
   */
  private async takeDown(transport: AgentTransport, revision: number): Promise<void> {
    const startedAtMs = Date.now();
    let removed: string[] = [];
    let error = '';
    try {
      removed = await removeAppliedState(this.ports, this.applied ?? (await this.store.readApplied()));
      await this.store.forgetApplied();
      this.applied = null;
      this.desired = null;
    } catch (cause) {
      error = errorMessage(cause);
    }
    const finishedAtMs = Date.now();
    transport.publish(
      'reportApply',
      ApplyReportSchema,
      create(ApplyReportSchema, {
        agentId: this.identity.agentId,
        revision: BigInt(revision),
        ok: error === '',
        failedStep: error === '' ? '' : 'remove',
        error,
        steps: [{ name: 'remove', ok: error === '', unchanged: removed.length === 0, durationMs: finishedAtMs - startedAtMs, message: removed.length === 0 ? 'nothing left to remove' : `removed ${removed.join(', ')}` }],
        startedAtMs: BigInt(startedAtMs),
        finishedAtMs: BigInt(finishedAtMs),
      }),
    );
    this.options.log(`revision ${revision}: the peer was removed; ${error === '' ? (removed.length === 0 ? 'nothing was left to remove' : `removed ${removed.join(', ')}`) : `removing failed: ${error}`}`);
  }

  private localised(state: DesiredState): DesiredState {
    const name = this.options.interfaceName;
    return name ? { ...state, interface: { ...state.interface, name } } : state;
  }

  private async applyAndRecord(state: AppliedRecord['state'], revision: number): Promise<ApplyOutcome> {
    const outcome = await this.applier.apply({ state, revision, privateKey: this.privateKey, nftRecord: this.applied?.nftRecord ?? null });
    await this.store.writeLastApply({ result: outcome.result });
    this.lastError = outcome.result.error ?? '';
    if (outcome.result.ok) {
      this.applied = { revision, state, nftRecord: outcome.nftRecord, appliedAtMs: outcome.result.finishedAtMs };
      await this.store.writeApplied(this.applied);
      await this.kickQuietPeers(state).catch((error) => this.options.log(`handshake kick: ${errorMessage(error)}`));
    }
    return outcome;
  }

  /**
   * WireGuard handshakes only when it has something to send, so a peer nobody has talked to
   * yet (a fresh install, a reboot, a peer just added) would wait for the first packet, or for
   * a keepalive the topology may not configure. Every peer this box can dial that has never
   * completed a handshake gets one started now, so tunnels are up before they are needed.
   */
  private async kickQuietPeers(state: DesiredState): Promise<void> {
    const device = await this.ports.wireguard.readDevice(state.interface.name);
    if (device === null) return;
    const handshaken = new Set(device.peers.filter((peer) => peer.latestHandshake > 0).map((peer) => peer.publicKey));
    const quiet = state.peers.filter((peer) => peer.endpoint !== null && !handshaken.has(peer.publicKey));
    await this.ports.wireguard.kickHandshakes(state.interface.name, quiet);
  }

  private async reportStatus(transport: AgentTransport): Promise<void> {
    const interfaceName = this.applied?.state.interface.name ?? '';
    const peers = interfaceName ? await collectPeerStatus(this.ports.wireguard, interfaceName, this.applied?.state ?? null) : [];
    transport.publish(
      'reportStatus',
      StatusReportSchema,
      create(StatusReportSchema, {
        agentId: this.identity.agentId,
        agentVersion: AGENT_VERSION,
        hostname: hostname(),
        appliedRevision: BigInt(this.applied?.revision ?? 0),
        interfaceName,
        peers: peers.map((p) => ({
          publicKey: p.publicKey,
          peerId: p.peerId,
          endpoint: p.endpoint,
          latestHandshakeMs: BigInt(p.latestHandshakeMs),
          rxBytes: BigInt(p.rxBytes),
          txBytes: BigInt(p.txBytes),
        })),
        lastError: this.lastError,
        reportedAtMs: BigInt(Date.now()),
      }),
    );
  }

  private async checkDrift(transport: AgentTransport): Promise<void> {
    const applied = this.applied;
    if (applied === null) return;
    const prepared = await prepareState(applied.state, this.ports.resolver);
    const check = await this.drift.check(prepared, this.identity.wireguardPublicKey, applied.nftRecord, this.options.driftPolicy, () =>
      this.applyAndRecord(applied.state, applied.revision),
    );
    // A clean check is reported once after a dirty one, so the console's drift state clears.
    if (check.items.length === 0 && !this.driftReported) return;
    this.driftReported = check.items.length > 0;
    if (check.items.length > 0) this.options.log(`drift at revision ${applied.revision}: ${check.items.length} items${check.reconciled ? ', reconciled' : ''}`);
    transport.publish(
      'reportDrift',
      DriftReportSchema,
      create(DriftReportSchema, {
        agentId: this.identity.agentId,
        revision: BigInt(applied.revision),
        items: check.items.map((item) => ({ ...item, kind: KINDS[item.kind], area: AREAS[item.area] })),
        reconciled: check.reconciled,
        detectedAtMs: BigInt(check.detectedAtMs),
      }),
    );
  }
}
