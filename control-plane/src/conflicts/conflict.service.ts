import { Inject, Injectable } from '@nestjs/common';
import { assignNatTranslation, detectConflicts, type RoutingConflict } from '@wom/domain';
import { In, type EntityManager } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import { Database } from '../database/database';
import { LocalSubnetEntity, PeerEntity, SubnetConflictEntity, type WanNetworkEntity } from '../database/entities';
import { toSubnetResponse } from '../peers/peer.dto';
import { PeerRepository } from '../peers/peer.repository';
import { assertNoCriticalConflicts } from '../peers/subnet-conflicts';
import { recordStateChange } from '../state-changes/state-change.repository';
import { toDomainSubnet } from '../topology/topology-snapshot.repository';
import { WanRepository } from '../wan/wan.repository';
import { detectWanConflicts, syncStoredConflicts } from './conflict-sync';
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
import { addressesInUse, assignPendingTranslations } from './nat-assignment';
import { checkSelectiveCidrs } from './selective-routing';

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

  resolve(id: string, dto: ResolveConflictDto): Promise<ResolveConflictResponse> {
    return this.database.transaction(async (tx) => {
      const before = await tx.findOneBy(SubnetConflictEntity, { id });
      const wan = before && (await this.wans.lockById(tx, before.wanId));
      // Re-read under the lock: a concurrent change may have resolved or removed it.
      const row = wan && (await tx.findOneBy(SubnetConflictEntity, { id }));
      if (!wan || !row || row.status !== 'open') throw conflictNotFound(id);
      const detail = row.detail as unknown as RoutingConflict;
      const subnet = await this.targetSubnet(tx, detail, dto);
      const changed = await this.apply(tx, wan, subnet, dto);
      await this.recheck(tx, wan, subnet, changed, dto);
      await syncStoredConflicts(tx, wan);
      const residue = await tx.findOneBy(SubnetConflictEntity, { id });
      if (residue) await tx.update(SubnetConflictEntity, { id }, { status: 'resolved', resolution: dto.resolution, resolvedAt: new Date() });
      await recordStateChange(tx, { wanId: wan.id, peerIds: [detail.a.peerId, detail.b.peerId], reason: 'conflict.resolved' });
      const openConflicts = await tx.countBy(SubnetConflictEntity, { wanId: wan.id, status: 'open' });
      return { conflictId: id, resolution: dto.resolution, subnets: changed.map(toSubnetResponse), residualAccepted: residue !== null, openConflicts };
    });
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

  /** Applies the chosen resolution; returns the subnets it changed or added. */
  private async apply(tx: EntityManager, wan: WanNetworkEntity, subnet: LocalSubnetEntity, dto: ResolveConflictDto): Promise<LocalSubnetEntity[]> {
    switch (dto.resolution) {
      case 'isolate':
        subnet.isRouted = false;
        return [await tx.save(subnet)];
      case 'nat-translate': {
        const inUse = addressesInUse(wan, (await this.peers.wanSubnets(tx, wan.id)).filter((s) => s.id !== subnet.id)).concat(subnet.cidr);
        Object.assign(subnet, { natEnabled: true, isRouted: true, natTranslatedCidr: assignNatTranslation(subnet.cidr, inUse, 'natTranslatedCidr') });
        return [await tx.save(subnet)];
      }
      case 'change-network': {
        if (dto.newCidr === undefined) throw invalid('newCidr', 'newCidr is required for change-network: give the LAN prefix the subnet was renumbered to.');
        const sameSize = subnet.natTranslatedCidr === null || subnet.natTranslatedCidr.endsWith(dto.newCidr.slice(dto.newCidr.indexOf('/')));
        subnet.cidr = dto.newCidr;
        // A translation must match the LAN's size; a different size gets a fresh one.
        if (subnet.natEnabled && !sameSize) {
          const inUse = addressesInUse(wan, (await this.peers.wanSubnets(tx, wan.id)).filter((s) => s.id !== subnet.id)).concat(subnet.cidr);
          subnet.natTranslatedCidr = assignNatTranslation(subnet.cidr, inUse, 'natTranslatedCidr');
        }
        return [await tx.save(subnet)];
      }
      case 'selective-routing': {
        if (dto.allowedCidrs === undefined) throw invalid('allowedCidrs', 'allowedCidrs is required for selective-routing: list the parts of the subnet to keep routing.');
        const parts = checkSelectiveCidrs(subnet.cidr, dto.allowedCidrs);
        // The LAN stays on record unrouted; each routed part is a subnet of its own, so the
        // compiler, the renderers and conflict detection need no notion of "partly routed".
        subnet.isRouted = false;
        await tx.save(subnet);
        const description = `Selectively routed part of ${subnet.cidr}`;
        return tx.save(parts.map((cidr) => tx.create(LocalSubnetEntity, { peerId: subnet.peerId, cidr, isRouted: true, natEnabled: false, natTranslatedCidr: null, description })));
      }
    }
  }

  /** A renumbered network or a routed part must itself be clear of every conflict. */
  private async recheck(tx: EntityManager, wan: WanNetworkEntity, subnet: LocalSubnetEntity, changed: readonly LocalSubnetEntity[], dto: ResolveConflictDto): Promise<void> {
    if (dto.resolution !== 'change-network' && dto.resolution !== 'selective-routing') return;
    const peer = await tx.findOneByOrFail(PeerEntity, { id: subnet.peerId });
    assertNoCriticalConflicts(wan, await this.peers.wanSubnets(tx, wan.id), peer);
    const ids = new Set(changed.map((s) => s.id));
    const remaining = (await detectWanConflicts(tx, wan)).filter((c) => ids.has(c.a.subnetId) || (c.b.kind === 'subnet' && ids.has(c.b.subnetId)));
    if (remaining.length === 0) return;
    const field = dto.resolution === 'change-network' ? 'newCidr' : 'allowedCidrs';
    const reason = `The ${field} still conflict${dto.resolution === 'change-network' ? 's' : ''}: ${remaining.map((c) => c.message).join(' ')}`;
    throw new AppError('CONFLICT.RESOLUTION_CONFLICTS', reason, { fields: [{ field, reason }], conflicts: remaining.map(toDetectedConflictResponse) });
  }
}

const invalid = (field: string, reason: string) => new AppError('CONFLICT.INVALID_RESOLUTION', reason, { fields: [{ field, reason }] });
const wanNotFound = (id: string) => new AppError('WAN.NOT_FOUND', `No WAN has the id ${id}. List WANs with GET /api/wan.`);
const peerNotFound = (id: string) => new AppError('PEER.NOT_FOUND', `No peer has the id ${id}.`);
const conflictNotFound = (id: string) =>
  new AppError('CONFLICT.NOT_FOUND', `No open conflict has the id ${id}; it may have been resolved already. List open conflicts with GET /api/wan/:wanId/conflicts.`);
