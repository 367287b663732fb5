import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';
import { Database } from '../database/database';
import { PeerEntity } from '../database/entities';
import { requireMikrotik } from '../mikrotik/router-session';
import { CompiledWanCache } from '../topology/compiled-wan.cache';
import { edgesOf } from '../topology/topology-edges';
import { LinkStatsRepository } from './link-stats.repository';
import type { RouterHealthResponse, WanLinksResponse } from './router-health.dto';
import { linkFromSide, storedHealthFigures } from './router-health.view';

/**
 * Router health and link statistics as the monitor (or a site agent) last stored them. These
 * answers never call a router, so a NOC can poll them as often as it likes; a live read is
 * GET …/mikrotik/status.
 */
@Injectable()
export class RouterHealthService {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(LinkStatsRepository) private readonly links: LinkStatsRepository,
    @Inject(CompiledWanCache) private readonly compiled: CompiledWanCache,
  ) {}

  async health(peerId: string, now = new Date()): Promise<RouterHealthResponse> {
    const router = await requireMikrotik(this.database.manager.findOneBy(PeerEntity, { id: peerId }), peerId);
    const links = await this.links.forPeer(peerId);
    return {
      peerId,
      apiStatus: router.mikrotikApiStatus ?? 'unknown',
      lastApiCheck: router.mikrotikLastApiCheck?.toISOString() ?? null,
      readByAgentId: router.mikrotikExecutorAgentId,
      online: router.isOnline,
      lastSeen: router.lastSeen?.toISOString() ?? null,
      health: storedHealthFigures(router.mikrotikHealth),
      links: links.map((row) => ({ ...linkFromSide(row, peerId, now), remotePeerName: row.remoteName })),
    };
  }

  /** Every link the compiler plans for the WAN (so a link never reported shows too), with its last counters from the source end. */
  async wanLinks(wanId: string, now = new Date()): Promise<WanLinksResponse> {
    const compiled = await this.compiled.forWan(wanId);
    if (!compiled) throw new AppError('WAN.NOT_FOUND', `No WAN has the id ${wanId}. List WANs with GET /api/wan.`);
    const hubs = new Set(compiled.gathered.peers.filter((p) => p.type === 'hub').map((p) => p.id));
    const stats = await this.links.forWan(wanId);
    const links = edgesOf(compiled.prepared.all(), hubs, compiled.gathered.connections).map((edge) => {
      // Edges name the smaller id first, as link rows do: the source is peer A.
      const row = stats.get(`${edge.source}|${edge.target}`);
      if (!row) return { ...edge, stats: null };
      const { remotePeerId: _remote, ...side } = linkFromSide(row, edge.source, now);
      return { ...edge, stats: { ...side, reportedBy: row.reportedBy } };
    });
    return { wanId, links };
  }
}
