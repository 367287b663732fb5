import { Inject, Injectable } from '@nestjs/common';
import { compile, detectConflicts, type RoutingConflict } from '@wom/domain';
import type { AffectedPeerResponse, ResolutionPreviewResponse } from '@wom/contracts';
import { In, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/errors/app-error';
import { Database } from '../database/database';
import { LocalSubnetEntity, PeerEntity, SubnetConflictEntity, type WanNetworkEntity } from '../database/entities';
import { toSubnetResponse } from '../peers/peer.dto';
import { PeerRepository } from '../peers/peer.repository';
import { assertNoCriticalConflicts } from '../peers/subnet-conflicts';
import { recordStateChange } from '../state-changes/state-change.repository';
import { toDomainSubnet } from '../topology/topology-snapshot.repository';
import { WanRepository } from '../wan/wan.repository';
import { TopologySnapshotRepository } from '../topology/topology-snapshot.repository';
import { conflictsLeftBy, planResolution, subnetsAfter, type ResolutionPlan } from './conflict-resolution.plan';
import { syncStoredConflicts } from './conflict-sync';
import {
  toConflictResponse,
  toDetectedConflictResponse,
  type CheckConflictsDto,
  type ConflictListQuery,
  type ConflictResponse,
  type DetectedConflictResponse,
  type ResolveConflictDto,
  type ResolveConflictResponse,
} from './conflict.dto';
import { assignPendingTranslations } from './nat-assignment';

/**
 * Conflict listing, checking and resolution (spec §7.5, §4.4). Resolutions change subnets,
 * so they hold the WAN row lock like every other subnet change, then re-detect and store.
 */
@Injectable()
export class ConflictService {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(WanRepository) private readonly wans: WanRepository,
    @Inject(PeerRepository) private readonly peers: PeerRepository,
    @Inject(TopologySnapshotRepository) private readonly topology: TopologySnapshotRepository,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async list(wanId: string, query: ConflictListQuery): Promise<ConflictResponse[]> {
    if (!(await this.wans.findById(wanId))) throw wanNotFound(wanId);
    const rows = await this.database.manager.find(SubnetConflictEntity, {
      where: { wanId, ...(query.status === 'all' ? {} : { status: query.status }) },
      order: { detectedAt: 'ASC', id: 'ASC' },
    });
    return rows.map(toConflictResponse);
  }

  /** Conflicts of one peer, for its stored subnets or for proposed ones; nothing is written. */
  async check(peerId: string, dto: CheckConflictsDto): Promise<{ peerId: string; conflicts: DetectedConflictResponse[] }> {
    const manager = this.database.manager;
    const peer = await this.peers.findById(peerId, manager);
    const wan = peer && (await this.wans.findById(peer.wanId, manager));
    if (!peer || !wan) throw peerNotFound(peerId);
    const stored = await this.peers.wanSubnets(manager, wan.id);
    const others = stored.filter((subnet) => subnet.peerId !== peerId).map(toDomainSubnet);
    const own = dto.subnets
      ? assignPendingTranslations(
          wan,
          others,
          dto.subnets.map((s, i) => ({ id: `proposed-${i}`, peerId, cidr: s.cidr, isRouted: s.isRouted ?? true, natEnabled: s.natEnabled ?? false, natTranslatedCidr: s.natTranslatedCidr ?? null })),
        )
      : stored.filter((subnet) => subnet.peerId === peerId).map(toDomainSubnet);
    const peerNames = new Map((await manager.find(PeerEntity, { where: { wanId: wan.id }, select: { id: true, name: true } })).map((p) => [p.id, p.name]));
    const conflicts = detectConflicts({ tunnelIpRange: wan.tunnelIpRange, sharedServicesRange: wan.sharedServicesRange, subnets: [...others, ...own], peerNames }, { peerId });
    return { peerId, conflicts: conflicts.map(toDetectedConflictResponse) };
  }

  /**
   * What resolving would write and which devices' configuration it changes, computed by the
   * same plan resolve applies; nothing is written. Refuses exactly what resolve would refuse.
   */
  preview(id: string, dto: ResolveConflictDto): Promise<ResolutionPreviewResponse> {
    return this.database.transaction(async (tx) => {
      const { wan, row, plan, subnet, wanSubnets } = await this.prepare(tx, id, dto);
      const after = subnetsAfter(wanSubnets.map(toDomainSubnet), plan);
      const residualAccepted = detectConflicts({ tunnelIpRange: wan.tunnelIpRange, sharedServicesRange: wan.sharedServicesRange, subnets: after }).some((c) => c.id === row.conflictKey);
      return {
        conflictId: id,
        resolution: plan.resolution,
        before: toSubnetResponse(subnet),
        after: plan.after,
        added: plan.added,
        affectedPeers: await this.affectedPeers(tx, wan.id, plan),
        residualAccepted,
      };
    });
  }

  resolve(id: string, dto: ResolveConflictDto): Promise<ResolveConflictResponse> {
    return this.database.transaction(async (tx) => {
      const { wan, row, plan, subnet } = await this.prepare(tx, id, dto);
      const detail = row.detail as unknown as RoutingConflict;
      const { id: _unchanged, ...afterFields } = plan.after;
      const before = { conflict: toConflictResponse(row), subnet: toSubnetResponse(subnet) };
      const saved = await tx.save(Object.assign(subnet, afterFields));
      const added = plan.added.length > 0 ? await tx.save(plan.added.map(({ id: _new, ...fields }) => tx.create(LocalSubnetEntity, fields))) : [];
      // Selective routing reports the routed parts it added; every other resolution the subnet it changed.
      const changed = plan.resolution === 'selective-routing' ? added : [saved];
      await syncStoredConflicts(tx, wan);
      const residue = await tx.findOneBy(SubnetConflictEntity, { id });
      if (residue) await tx.update(SubnetConflictEntity, { id }, { status: 'resolved', resolution: dto.resolution, resolvedAt: new Date() });
      await recordStateChange(tx, { wanId: wan.id, peerIds: [detail.a.peerId, detail.b.peerId], reason: 'conflict.resolved' });
      const openConflicts = await tx.countBy(SubnetConflictEntity, { wanId: wan.id, status: 'open' });
      const response = { conflictId: id, resolution: dto.resolution, subnets: changed.map(toSubnetResponse), residualAccepted: residue !== null, openConflicts };
      await this.audit.record(tx, { action: 'conflict.resolve', entityType: 'conflict', entityId: id, wanId: wan.id, before, after: response });
      return response;
    });
  }

  /**
   * Everything preview and resolve share: the conflict read under the WAN lock, the side to
   * change, the plan, and the checks a typed network must pass. Both go through here, so a
   * preview shows exactly the translation that resolve then writes.
   */
  private async prepare(tx: EntityManager, id: string, dto: ResolveConflictDto): Promise<{ wan: WanNetworkEntity; row: SubnetConflictEntity; subnet: LocalSubnetEntity; plan: ResolutionPlan; wanSubnets: LocalSubnetEntity[] }> {
    const before = await tx.findOneBy(SubnetConflictEntity, { id });
    const wan = before && (await this.wans.lockById(tx, before.wanId));
    // Re-read under the lock: a concurrent change may have resolved or removed it.
    const row = wan && (await tx.findOneBy(SubnetConflictEntity, { id }));
    if (!wan || !row || row.status !== 'open') throw conflictNotFound(id);
    const subnet = await this.targetSubnet(tx, row.detail as unknown as RoutingConflict, dto);
    const wanSubnets = await this.peers.wanSubnets(tx, wan.id);
    const plan = planResolution(wan, toDomainSubnet(subnet), wanSubnets.map(toDomainSubnet), dto);
    if (dto.resolution === 'change-network' || dto.resolution === 'selective-routing') {
      const peer = await tx.findOneByOrFail(PeerEntity, { id: subnet.peerId });
      assertNoCriticalConflicts(wan, subnetsAfter(wanSubnets.map(toDomainSubnet), plan), peer);
      const peerNames = new Map((await tx.find(PeerEntity, { where: { wanId: wan.id }, select: { id: true, name: true } })).map((p) => [p.id, p.name]));
      const remaining = conflictsLeftBy(wan, wanSubnets.map(toDomainSubnet), plan, peerNames);
      if (remaining.length > 0) {
        const field = dto.resolution === 'change-network' ? 'newCidr' : 'allowedCidrs';
        const reason = `The ${field} still conflict${dto.resolution === 'change-network' ? 's' : ''}: ${remaining.map((c) => c.message).join(' ')}`;
        throw new AppError('CONFLICT.RESOLUTION_CONFLICTS', reason, { fields: [{ field, reason }], conflicts: remaining.map(toDetectedConflictResponse) });
      }
    }
    return { wan, row, subnet, plan, wanSubnets };
  }

  /** Peers whose compiled configuration differs once the plan is applied: the devices a deploy would touch. */
  private async affectedPeers(tx: EntityManager, wanId: string, plan: ResolutionPlan): Promise<AffectedPeerResponse[]> {
    const gathered = await this.topology.gather(wanId, tx);
    if (!gathered) return [];
    const now = compile(gathered.snapshot).states;
    const then = compile({ ...gathered.snapshot, subnets: subnetsAfter(gathered.snapshot.subnets, plan) }).states;
    return gathered.peers
      .filter((peer) => now.get(peer.id)?.contentHash !== then.get(peer.id)?.contentHash)
      .map((peer) => ({ peerId: peer.id, peerName: peer.name, peerType: peer.type, deploymentMode: peer.deploymentMode }));
  }

  private async targetSubnet(tx: EntityManager, detail: RoutingConflict, dto: ResolveConflictDto): Promise<LocalSubnetEntity> {
    if (dto.subnetId !== undefined && dto.subnetId !== detail.a.subnetId && dto.subnetId !== detail.b.subnetId) {
      throw invalid('subnetId', `subnetId must be ${detail.a.subnetId} or ${detail.b.subnetId}, the two subnets in this conflict.`);
    }
    if (dto.resolution !== 'change-network' && dto.newCidr !== undefined) throw invalid('newCidr', 'newCidr is only used with the change-network resolution; remove it.');
    if (dto.resolution !== 'selective-routing' && dto.allowedCidrs !== undefined) throw invalid('allowedCidrs', 'allowedCidrs is only used with the selective-routing resolution; remove it.');
    const both = await tx.find(LocalSubnetEntity, { where: { id: In([detail.a.subnetId, detail.b.subnetId]) }, order: { createdAt: 'DESC', id: 'DESC' } });
    // Without a choice, change the newer subnet: the change that brought the conflict in.
    const subnet = dto.subnetId === undefined ? both[0] : both.find((s) => s.id === dto.subnetId);
    // Stored conflicts follow every subnet change, so a missing subnet means a stale row.
    if (!subnet) throw conflictNotFound(detail.id);
    return subnet;
  }
}

const invalid = (field: string, reason: string) => new AppError('CONFLICT.INVALID_RESOLUTION', reason, { fields: [{ field, reason }] });
const wanNotFound = (id: string) => new AppError('WAN.NOT_FOUND', `No WAN has the id ${id}. List WANs with GET /api/wan.`);
const peerNotFound = (id: string) => new AppError('PEER.NOT_FOUND', `No peer has the id ${id}.`);
const conflictNotFound = (id: string) =>
  new AppError('CONFLICT.NOT_FOUND', `No open conflict has the id ${id}; it may have been resolved already. List open conflicts with GET /api/wan/:wanId/conflicts.`);
