import { Inject, Injectable } from '@nestjs/common';
import { compile } from '@wom/domain';
import { AppError } from '../common/errors/app-error';
import { Database } from '../database/database';
import { PeerConnectionEntity, PeerEntity, PublishedServiceEntity, StateChangeEntity, SubnetConflictEntity } from '../database/entities';
import { detectWanConflicts } from '../conflicts/conflict-sync';
import { WanRepository } from '../wan/wan.repository';
import { LinkHandshakeRepository } from './link-handshake.repository';
import { edgesOf, withHandshakeAges } from './topology-edges';
import { TopologySnapshotRepository } from './topology-snapshot.repository';
import { toConnectionStatus, toTopologyNode, type PeerStatusResponse, type TopologyResponse, type WanStatusResponse } from './topology.dto';

/** Monitoring views (spec §7.8): the compiled topology and status counts. */
@Injectable()
export class TopologyService {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(TopologySnapshotRepository) private readonly snapshots: TopologySnapshotRepository,
    @Inject(WanRepository) private readonly wans: WanRepository,
    @Inject(LinkHandshakeRepository) private readonly handshakes: LinkHandshakeRepository,
  ) {}

  /**
   * Nodes are the peers; edges are the links the compiler plans, so the picture never drifts from
   * the configs, each with the handshake age a router last reported for it.
   */
  async topology(wanId: string, now = new Date()): Promise<TopologyResponse> {
    const [gathered, readings] = await Promise.all([this.snapshots.gather(wanId), this.handshakes.forWan(wanId)]);
    if (!gathered) throw wanNotFound(wanId);
    const result = compile(gathered.snapshot);
    const hubs = new Set(gathered.peers.filter((p) => p.type === 'hub').map((p) => p.id));
    return {
      wanId,
      topologyType: gathered.wan.topologyType,
      nodes: gathered.peers.map(toTopologyNode),
      edges: withHandshakeAges(edgesOf(result, hubs, gathered.connections), readings, now),
      issues: result.issues,
    };
  }

  async wanStatus(wanId: string): Promise<WanStatusResponse> {
    const manager = this.database.manager;
    const wan = await this.wans.findById(wanId);
    if (!wan) throw wanNotFound(wanId);
    const peers = await manager.find(PeerEntity, { where: { wanId }, select: { id: true, type: true, isOnline: true } });
    const byType: Record<string, number> = {};
    for (const peer of peers) byType[peer.type] = (byType[peer.type] ?? 0) + 1;
    const online = peers.filter((p) => p.isOnline).length;
    const [services, activeServices] = [await manager.countBy(PublishedServiceEntity, { wanId }), await manager.countBy(PublishedServiceEntity, { wanId, isActive: true })];
    const [routing, resolved] = [await manager.countBy(SubnetConflictEntity, { wanId, status: 'open' }), await manager.countBy(SubnetConflictEntity, { wanId, status: 'resolved' })];
    // Critical conflicts are refused at write time, never stored; a WAN range change can still create one.
    const critical = (await detectWanConflicts(manager, wan)).filter((c) => c.severity === 'critical').length;
    const last = await manager.findOne(StateChangeEntity, { where: { wanId }, order: { id: 'DESC' } });
    return {
      wanId,
      peers: { total: peers.length, online, offline: peers.length - online, byType },
      services: { total: services, active: activeServices },
      conflicts: { critical, routing, resolved },
      lastChange: last?.createdAt.toISOString() ?? null,
    };
  }

  async peerStatus(peerId: string): Promise<PeerStatusResponse> {
    const manager = this.database.manager;
    const peer = await manager.findOneBy(PeerEntity, { id: peerId });
    if (!peer) throw new AppError('PEER.NOT_FOUND', `No peer has the id ${peerId}.`);
    const connections = await manager.find(PeerConnectionEntity, { where: [{ peerAId: peerId }, { peerBId: peerId }], order: { id: 'ASC' } });
    return {
      peerId,
      online: peer.isOnline,
      lastSeen: peer.lastSeen?.toISOString() ?? null,
      desiredRevision: Number(peer.desiredRevision),
      appliedRevision: Number(peer.appliedRevision),
      connections: connections.map((c) => toConnectionStatus(c, peerId)),
    };
  }
}

const wanNotFound = (id: string) => new AppError('WAN.NOT_FOUND', `No WAN has the id ${id}. List WANs with GET /api/wan.`);
