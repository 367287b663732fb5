import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { create, toBinary } from '@bufbuild/protobuf';
import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import { prepareCompilation, type CompileIssue, type DesiredState } from '@wom/domain';
import {
  agentSubjects,
  ALL_AGENTS,
  DesiredStateDigester,
  DesiredStateNoticeSchema,
  diffDesiredStates,
  isOwnReply,
  parseAgentSubject,
  type DesiredStateDelta,
} from '@wom/contracts';
import { isUUID } from 'class-validator';
import type { EntityManager } from 'typeorm';
import { Database } from '../database/database';
import { EventBus } from '../events/event-bus';
import { NatsClient } from '../nats/nats-client';
import { CompiledWanCache } from '../topology/compiled-wan.cache';
import { TopologySnapshotRepository } from '../topology/topology-snapshot.repository';
import { DEFAULT_PUBLISHER_TIMING, PublishSchedule } from './publisher-timing';
import { ReplyRefusals } from '../nats/reply-refusals';
import { REMOVED_DIGEST } from '../removal/removal-policy';
import { SnapshotEncoder } from './snapshot-encoder';

const POLL_MS = 40;
const BATCH = 5_000;
/** Replicas share the desired-state requests; each request is answered once. */
const QUEUE_GROUP = 'wom-publisher';
/**
 * Peers whose last published state is remembered for deltas. Past it the oldest are
 * forgotten; their agents simply fetch the full snapshot on the next change.
 */
const REMEMBERED_STATES = 20_000;
/** Deltas computed between yields to the event loop, which sends the notices so far. */
const NOTICE_CHUNK = 50;
/**
 * Every active agent is told its current revision this often, and after every (re)connect: an
 * agent that missed a notice (it was away, or came back before the control plane did) notices
 * that it is behind and pulls, without waiting for the next change.
 */
const ANNOUNCE_INTERVAL_MS = 30_000;

/** A peer's snapshot at one revision, encoded when the first agent asks for it. */
interface CachedSnapshot {
  readonly revision: bigint;
  bytes: Uint8Array | null;
  readonly state: DesiredState | undefined;
  readonly issues: readonly CompileIssue[];
  /** Shared by the snapshots of one compilation; see SnapshotEncoder. */
  readonly encoder: SnapshotEncoder;
  readonly compiledAtMs: number;
  /** The peer was deleted: its agent takes down what it applied. */
  readonly removed: boolean;
}

interface ChangedPeer {
  readonly peerId: string;
  readonly wanId: string;
  readonly revision: bigint;
  readonly state: DesiredState | undefined;
  readonly issues: readonly CompileIssue[];
  readonly removed: boolean;
}

export interface PublisherStats {
  /** Outbox batches published. */
  readonly batches: number;
  readonly notices: number;
  /** Notices that carried a delta, so their agents needed no snapshot. */
  readonly deltas: number;
  readonly snapshotsServed: number;
  /** Payload bytes of notices and snapshot replies. */
  readonly bytesSent: number;
}

/**
 * Turns the state_change outbox into per-peer revisions and tells agents. A batch recompiles
 * the WANs it names, gives a new revision only to peers whose compiled state changed
 * (content hash against `peer.desired_digest`), and publishes a notice to each such peer's
 * agent. When this replica published the peer's previous revision, the notice carries a
 * delta against it, which the agent applies to the state it holds; otherwise, or when the
 * agent holds another revision, the agent requests the full snapshot. Revisions live in
 * `peer.desired_revision` and are only ever incremented in SQL, so they grow across
 * restarts and replicas.
 */
@Injectable()
export class DesiredStatePublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Publisher');
  private readonly schedule = new PublishSchedule(DEFAULT_PUBLISHER_TIMING);
  private readonly snapshots = new Map<string, CachedSnapshot>();
  private timer: NodeJS.Timeout | null = null;
  private announcer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private subscription: Subscription | null = null;
  /** The state each peer was last published with, for the next change's delta. */
  private readonly published = new Map<string, { readonly revision: bigint; readonly state: DesiredState }>();
  private counters = { batches: 0, notices: 0, deltas: 0, snapshotsServed: 0, bytesSent: 0 };
  private pendingRequests: { agentId: string; msg: Msg }[] = [];
  private readonly refusals = new ReplyRefusals(this.logger);

  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(NatsClient) private readonly nats: NatsClient,
    @Inject(TopologySnapshotRepository) private readonly topology: TopologySnapshotRepository,
    @Inject(CompiledWanCache) private readonly compiled: CompiledWanCache,
    @Inject(EventBus) private readonly events: EventBus,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.nats.enabled) return;
    this.nats.onConnected('desired-state replies', async (connection) => {
      this.serve(this.nats.responder ?? connection);
      await this.announceAll();
    });
    this.timer = setInterval(() => this.tick(), POLL_MS);
    this.timer.unref();
    this.announcer = setInterval(() => void this.announceAll().catch((error: Error) => this.logger.warn(`announcing revisions failed: ${error.message}`)), ANNOUNCE_INTERVAL_MS);
    this.announcer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.announcer) clearInterval(this.announcer);
    this.timer = null;
    await this.running;
    this.subscription?.unsubscribe();
  }

  stats(): PublisherStats {
    return { ...this.counters };
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.pollOnce()
      .catch((error: Error) => this.logger.error(`publishing desired state failed: ${error.message}`))
      .finally(() => (this.running = null));
  }

  private async pollOnce(): Promise<void> {
    const [row] = (await this.database.manager.query('SELECT max(id)::text AS newest FROM state_change WHERE processed_at IS NULL')) as { newest: string | null }[];
    if (!this.schedule.observe({ newest: row?.newest ?? null, at: Date.now() })) return;
    this.schedule.published();
    await this.publishPending();
  }

  /** Processes every unprocessed outbox row now; returns the peers that got a new revision. */
  async publishPending(): Promise<readonly ChangedPeer[]> {
    const changed = await this.database.transaction(async (tx) => {
      const rows = (await tx.query(
        `SELECT id::text AS id, wan_id FROM state_change WHERE processed_at IS NULL ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
      )) as { id: string; wan_id: string }[];
      if (rows.length === 0) return [];
      const peers: ChangedPeer[] = [];
      for (const wanId of new Set(rows.map((r) => r.wan_id))) peers.push(...(await this.recompileWan(tx, wanId)));
      await tx.query('UPDATE state_change SET processed_at = now() WHERE id = ANY($1::bigint[])', [rows.map((r) => r.id)]);
      return peers;
    });
    if (changed.length === 0) return changed;
    this.counters.batches++;
    await this.notifyAgents(changed);
    for (const [wanId, peers] of groupBy(changed, (peer) => peer.wanId)) {
      this.events.publish('config.changed', { wanId, peerIds: peers.map((p) => p.peerId), reason: 'desired-state.published' });
    }
    return changed;
  }

  /** One WAN: compile, compare content hashes, bump the revisions of peers that changed. */
  private async recompileWan(tx: EntityManager, wanId: string): Promise<ChangedPeer[]> {
    // Two replicas never recompile one WAN at once; writers are not blocked.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('wom-publisher:' || $1))`, [wanId]);
    const gathered = await this.topology.gather(wanId, tx);
    if (!gathered) return [];
    const compilation = prepareCompilation(gathered.snapshot);
    const candidates: { peerId: string; digest: string | null; state: DesiredState | undefined; issues: readonly CompileIssue[] }[] = [];
    for (const peer of gathered.peers) {
      const { state, issues } = compilation.peer(peer.id);
      const digest = state?.contentHash ?? null;
      if (digest !== peer.desiredDigest) candidates.push({ peerId: peer.id, digest, state: state ?? undefined, issues });
    }
    // A deleted peer whose agent must still take its interface down gets one last revision: "removed".
    const removing = (await tx.query(
      `SELECT id FROM peer WHERE wan_id = $1 AND removal_requested_at IS NOT NULL AND deployment_mode = 'agent' AND desired_digest IS DISTINCT FROM $2`,
      [wanId, REMOVED_DIGEST],
    )) as { id: string }[];
    for (const { id } of removing) candidates.push({ peerId: id, digest: REMOVED_DIGEST, state: undefined, issues: [] });
    if (candidates.length === 0) return [];
    const updated = (await tx.query(
      `UPDATE peer SET desired_revision = peer.desired_revision + 1, desired_digest = v.digest
         FROM unnest($1::uuid[], $2::text[]) AS v(id, digest)
        WHERE peer.id = v.id
        RETURNING peer.id, peer.desired_revision::text AS revision`,
      [candidates.map((c) => c.peerId), candidates.map((c) => c.digest)],
    )) as [{ id: string; revision: string }[], number];
    const revisions = new Map(updated[0].map((row) => [row.id, BigInt(row.revision)]));
    return candidates.map((c) => ({ peerId: c.peerId, wanId, revision: revisions.get(c.peerId)!, state: c.state, issues: c.issues, removed: c.digest === REMOVED_DIGEST }));
  }

  private async notifyAgents(changed: readonly ChangedPeer[]): Promise<void> {
    const connection = this.nats.current;
    if (!connection) return;
    const agents = (await this.database.manager.query(`SELECT id, peer_id FROM agent WHERE peer_id = ANY($1::uuid[]) AND status = 'active'`, [
      changed.map((c) => c.peerId),
    ])) as { id: string; peer_id: string }[];
    const agentsOf = groupBy(agents, (agent) => agent.peer_id);
    const compiledAtMs = Date.now();
    const encoder = new SnapshotEncoder();
    const digester = new DesiredStateDigester();
    for (const peer of changed) {
      // Kept before any notice, so the requests that follow are answered from memory.
      if ((this.snapshots.get(peer.peerId)?.revision ?? -1n) < peer.revision) {
        this.snapshots.set(peer.peerId, { revision: peer.revision, bytes: null, state: peer.state, issues: peer.issues, encoder, compiledAtMs, removed: peer.removed });
      }
    }
    let computed = 0;
    for (const peer of changed) {
      const peerAgents = agentsOf.get(peer.peerId) ?? [];
      const delta = this.deltaFor(peer, digester, peerAgents.length > 0);
      for (const agent of peerAgents) this.publishNotice(connection, agent.id, peer.revision, delta);
      // Notices leave while the rest are computed, so the first agents need not wait for the last delta.
      if (++computed % NOTICE_CHUNK === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /**
   * The delta from the state this replica published at the previous revision, if it still
   * has it; and remembers the new state for the next one.
   */
  private deltaFor(peer: ChangedPeer, digester: DesiredStateDigester, wanted: boolean): DesiredStateDelta | undefined {
    const previous = this.published.get(peer.peerId);
    this.published.delete(peer.peerId);
    if (!peer.state) return undefined;
    this.published.set(peer.peerId, { revision: peer.revision, state: peer.state });
    if (this.published.size > REMEMBERED_STATES) this.published.delete(this.published.keys().next().value!);
    if (!wanted || !previous || previous.revision !== peer.revision - 1n) return undefined;
    return diffDesiredStates(previous.state, peer.state, previous.revision, digester) ?? undefined;
  }

  /** Tells one agent to fetch its state again (after approval, or a change). */
  async notifyAgent(agentId: string): Promise<void> {
    const connection = this.nats.current;
    if (!connection) return;
    const [row] = (await this.database.manager.query(`SELECT p.desired_revision::text AS revision FROM agent a JOIN peer p ON p.id = a.peer_id WHERE a.id = $1`, [
      agentId,
    ])) as { revision: string }[];
    if (row) this.publishNotice(connection, agentId, BigInt(row.revision));
  }

  /** Tells every active agent its current revision (no delta); agents holding it ignore the notice. */
  async announceAll(): Promise<number> {
    const connection = this.nats.current;
    if (!connection) return 0;
    const rows = (await this.database.manager.query(
      `SELECT a.id, p.desired_revision::text AS revision FROM agent a JOIN peer p ON p.id = a.peer_id WHERE a.status = 'active' AND p.desired_revision > 0`,
    )) as { id: string; revision: string }[];
    for (const [index, row] of rows.entries()) {
      this.publishNotice(connection, row.id, BigInt(row.revision));
      if ((index + 1) % NOTICE_CHUNK === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    return rows.length;
  }

  private publishNotice(connection: NatsConnection, agentId: string, revision: bigint, delta?: DesiredStateDelta): void {
    const bytes = toBinary(DesiredStateNoticeSchema, create(DesiredStateNoticeSchema, { agentId, revision, delta }));
    connection.publish(agentSubjects(agentId).notify, bytes);
    this.counters.notices++;
    if (delta) this.counters.deltas++;
    this.counters.bytesSent += bytes.length;
  }

  private serve(connection: NatsConnection): void {
    this.subscription?.unsubscribe();
    this.subscription = connection.subscribe(ALL_AGENTS.desired, {
      queue: QUEUE_GROUP,
      callback: (error, msg) => {
        if (!error) this.enqueue(msg);
      },
    });
  }

  /**
   * Requests are answered in small batches: after a change every agent asks at once, and one
   * query for a batch's agents costs far less than one query per agent.
   */
  private enqueue(msg: Msg): void {
    const agentId = parseAgentSubject(msg.subject)?.agentId;
    if (!agentId) return;
    if (!isOwnReply(agentId, msg.reply)) {
      this.refusals.note(agentId, msg.reply);
      return;
    }
    this.pendingRequests.push({ agentId, msg });
    if (this.pendingRequests.length === 1) setImmediate(() => void this.answerPending());
  }

  private async answerPending(): Promise<void> {
    const batch = this.pendingRequests.splice(0, this.pendingRequests.length);
    try {
      const rows = (await this.database.manager.query(
        `SELECT a.id, a.status, a.peer_id, p.desired_revision::text AS revision, p.desired_digest = '${REMOVED_DIGEST}' AS removed FROM agent a JOIN peer p ON p.id = a.peer_id WHERE a.id = ANY($1::uuid[])`,
        [[...new Set(batch.map((request) => request.agentId))].filter((id) => isUUID(id))],
      )) as { id: string; status: string; peer_id: string; revision: string; removed: boolean }[];
      const agents = new Map(rows.map((row) => [row.id, row]));
      for (const { agentId, msg } of batch) {
        await this.answer(agentId, msg, agents.get(agentId)).catch((error: Error) => this.logger.warn(`answering ${msg.subject} failed: ${error.message}`));
      }
    } catch (error) {
      this.logger.warn(`answering ${batch.length} desired-state request(s) failed: ${(error as Error).message}`);
    }
  }

  /** The full snapshot for the asking agent; never a state for a pending or revoked one. */
  private async answer(agentId: string, msg: Msg, agent: { status: string; peer_id: string; revision: string; removed: boolean } | undefined): Promise<void> {
    let bytes: Uint8Array;
    if (!agent || agent.status !== 'active') {
      const code = agent?.status === 'pending' ? 'AGENT.PENDING_APPROVAL' : 'AGENT.NOT_ACTIVE';
      bytes = new SnapshotEncoder().encode(agentId, 0n, undefined, [
        { code: code as CompileIssue['code'], peerId: agent?.peer_id ?? null, message: 'This agent gets no desired state until it is approved and active.' },
      ]);
    } else {
      bytes = await this.snapshotFor(agentId, agent.peer_id, BigInt(agent.revision), agent.removed);
    }
    msg.respond(bytes);
    this.counters.snapshotsServed++;
    this.counters.bytesSent += bytes.length;
  }

  private async snapshotFor(agentId: string, peerId: string, revision: bigint, removed: boolean): Promise<Uint8Array> {
    const cached = this.snapshots.get(peerId);
    // The cache is this replica's; another replica may have published a newer revision.
    if (cached && cached.revision >= revision) {
      cached.bytes ??= cached.encoder.encode('', cached.revision, cached.state, cached.issues, cached.compiledAtMs, cached.removed);
      return withAgentId(cached.bytes, agentId);
    }
    const compiled = removed ? null : await this.compiled.peer(peerId);
    const encoder = new SnapshotEncoder();
    const compiledAtMs = Date.now();
    const bytes = encoder.encode('', revision, compiled?.state, [], compiledAtMs, removed);
    this.snapshots.set(peerId, { revision, bytes, state: compiled?.state, issues: [], encoder, compiledAtMs, removed });
    return withAgentId(bytes, agentId);
  }
}

/**
 * Field 1 (agent_id, at most 64 ASCII characters) is prepended to the cached bytes, which leave
 * it out (an empty proto3 string is not written), so one encoding serves every agent of a peer.
 */
function withAgentId(bytes: Uint8Array, agentId: string): Uint8Array {
  const id = Buffer.from(agentId, 'utf8');
  return Buffer.concat([Buffer.from([0x0a, id.length]), id, bytes]);
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
