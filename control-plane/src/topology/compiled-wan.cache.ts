import { Inject, Injectable } from '@nestjs/common';
import { prepareCompilation, type DesiredState, type Compilation } from '@wom/domain';
import { Database } from '../database/database';
import type { PeerEntity } from '../database/entities';
import { TopologySnapshotRepository, type GatheredTopology } from './topology-snapshot.repository';

/** How many WANs keep a compilation in memory; a 1,000-peer WAN costs a few megabytes. */
const MAX_CACHED_WANS = 8;

export interface CompiledPeer {
  readonly gathered: GatheredTopology;
  readonly peer: PeerEntity;
  readonly state: DesiredState;
}

export interface CompiledWan {
  readonly gathered: GatheredTopology;
  readonly prepared: Compilation;
}

interface Entry {
  readonly changeSeq: string;
  readonly compiled: Promise<CompiledWan | null>;
}

/**
 * Compiled WANs, kept while the WAN's change counter stays the same. Serving one peer's
 * config used to gather and prepare the whole WAN on every request; now a request costs one
 * indexed row read (peer → WAN → change_seq) plus the peer's own compilation. The counter is
 * bumped in every desired-state change's transaction, so a cached entry is never older than
 * the database, and every replica checks it for itself.
 */
@Injectable()
export class CompiledWanCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(TopologySnapshotRepository) private readonly topology: TopologySnapshotRepository,
  ) {}

  /** The peer's row, its WAN and its desired state; null when the peer does not exist. */
  async peer(peerId: string): Promise<CompiledPeer | null> {
    const rows: { wan_id: string; change_seq: string }[] = await this.database.manager.query(
      'SELECT p.wan_id, w.change_seq FROM peer p JOIN wan_network w ON w.id = p.wan_id WHERE p.id = $1',
      [peerId],
    );
    const row = rows[0];
    if (!row) return null;
    const compiled = await this.wan(row.wan_id, String(row.change_seq));
    const peer = compiled?.gathered.peers.find((p) => p.id === peerId);
    const state = compiled && peer ? compiled.prepared.peer(peerId).state : undefined;
    return compiled && peer && state ? { gathered: compiled.gathered, peer, state } : null;
  }

  /** The WAN's current compilation (ask it for any peer's state); null when the WAN does not exist. */
  async forWan(wanId: string): Promise<CompiledWan | null> {
    const rows: { change_seq: string }[] = await this.database.manager.query('SELECT change_seq FROM wan_network WHERE id = $1', [wanId]);
    const row = rows[0];
    return row ? this.wan(wanId, String(row.change_seq)) : null;
  }

  private wan(wanId: string, changeSeq: string): Entry['compiled'] {
    const cached = this.entries.get(wanId);
    if (cached?.changeSeq === changeSeq) return cached.compiled;
    // Concurrent misses share one gather; a failed gather is forgotten so the next call retries.
    const compiled = this.topology.gather(wanId).then((gathered) => (gathered ? { gathered, prepared: prepareCompilation(gathered.snapshot) } : null));
    compiled.catch(() => this.entries.get(wanId)?.compiled === compiled && this.entries.delete(wanId));
    this.entries.delete(wanId);
    this.entries.set(wanId, { changeSeq, compiled });
    if (this.entries.size > MAX_CACHED_WANS) this.entries.delete(this.entries.keys().next().value!);
    return compiled;
  }
}
