import { Inject, Injectable } from '@nestjs/common';
import { DEFAULT_SHARED_SERVICES_RANGE, DEFAULT_TUNNEL_IP_RANGE } from '@wom/domain';
import { In, IsNull, Not, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/errors/app-error';
import { Database } from '../database/database';
import { PeerEntity, WanNetworkEntity } from '../database/entities';
import { DeviceRemoval, type RemovalOptions, type WanRemovalStart } from '../removal/device-removal';
import type { RemovalPreview } from '../removal/removal-plan';
import { RemovalPreviewer } from '../removal/removal-preview';
import { StateChangeRepository } from '../state-changes/state-change.repository';
import { checkRangeKeepsHolders, checkWanRanges } from './wan-ranges';
import { toWanResponse, type CreateWanDto, type UpdateWanDto, type WanResponse } from './wan.dto';
import { WanRepository } from './wan.repository';

@Injectable()
export class WanService {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(WanRepository) private readonly wans: WanRepository,
    @Inject(StateChangeRepository) private readonly stateChanges: StateChangeRepository,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(DeviceRemoval) private readonly removal: DeviceRemoval,
    @Inject(RemovalPreviewer) private readonly previewer: RemovalPreviewer,
  ) {}

  async list(): Promise<WanResponse[]> {
    return (await this.wans.list()).map(toWanResponse);
  }

  async get(id: string): Promise<WanResponse> {
    return toWanResponse(await this.require(this.database.manager, id, false));
  }

  create(dto: CreateWanDto): Promise<WanResponse> {
    const tunnelIpRange = dto.tunnelIpRange ?? DEFAULT_TUNNEL_IP_RANGE;
    const sharedServicesRange = dto.sharedServicesRange ?? DEFAULT_SHARED_SERVICES_RANGE;
    checkWanRanges(tunnelIpRange, sharedServicesRange);
    return this.database.transaction(async (tx) => {
      await this.requireFreeName(tx, dto.name);
      const wan = await this.wans.insert(tx, {
        name: dto.name,
        description: dto.description ?? '',
        tunnelIpRange,
        sharedServicesRange,
        topologyType: dto.topologyType ?? 'hub-spoke',
      });
      await this.stateChanges.record(tx, { wanId: wan.id, peerIds: [], reason: 'wan.created' });
      const after = toWanResponse(wan);
      await this.audit.record(tx, { action: 'wan.create', entityType: 'wan', entityId: wan.id, wanId: wan.id, after });
      return after;
    });
  }

  update(id: string, dto: UpdateWanDto): Promise<WanResponse> {
    return this.database.transaction(async (tx) => {
      // The lock keeps peer creation from allocating in the old range while we check the new one.
      const wan = await this.require(tx, id, true);
      const before = toWanResponse(wan);
      if (dto.name !== undefined && dto.name !== wan.name) await this.requireFreeName(tx, dto.name, id);
      const tunnelIpRange = dto.tunnelIpRange ?? wan.tunnelIpRange;
      const sharedServicesRange = dto.sharedServicesRange ?? wan.sharedServicesRange;
      checkWanRanges(tunnelIpRange, sharedServicesRange);
      if (tunnelIpRange !== wan.tunnelIpRange) {
        checkRangeKeepsHolders('tunnelIpRange', tunnelIpRange, await this.wans.tunnelIpHolders(tx, id));
      }
      if (sharedServicesRange !== wan.sharedServicesRange) {
        checkRangeKeepsHolders('sharedServicesRange', sharedServicesRange, await this.wans.sharedIpHolders(tx, id));
      }
      Object.assign(wan, {
        name: dto.name ?? wan.name,
        description: dto.description ?? wan.description,
        tunnelIpRange,
        sharedServicesRange,
        topologyType: dto.topologyType ?? wan.topologyType,
      });
      const saved = await this.wans.save(tx, wan);
      // Ranges and topology shape every peer's configuration.
      await this.stateChanges.record(tx, { wanId: id, peerIds: await this.wans.peerIds(tx, id), reason: 'wan.updated' });
      const after = toWanResponse(saved);
      await this.audit.record(tx, { action: 'wan.update', entityType: 'wan', entityId: id, wanId: id, before, after });
      return after;
    });
  }

  /**
   * Deleting a WAN undeploys it: every router this product wrote to gets an undeploy job and
   * stays as "removing" with the WAN until it succeeds; every other peer goes now. With no such
   * router, or with `keepOnDevice` or `force`, the WAN goes now with its peers, services and
   * history (by cascade).
   */
  delete(id: string, options: RemovalOptions = {}): Promise<WanRemovalStart> {
    return this.database.transaction((tx) => this.deleteIn(tx, id, options));
  }

  /** What the delete would do to each device: the delete itself, run and rolled back. */
  async removalPreview(id: string, options: RemovalOptions = {}): Promise<RemovalPreview> {
    const wan = await this.require(this.database.manager, id, false);
    return this.previewer.preview(`WAN ${wan.name}`, async () => id, (tx) => this.deleteIn(tx, id, options));
  }

  private async deleteIn(tx: EntityManager, id: string, options: RemovalOptions): Promise<WanRemovalStart> {
    const wan = await this.require(tx, id, true);
    const before = toWanResponse(wan);
    const peers = await tx.find(PeerEntity, { where: { wanId: id } });
    const peerIds = peers.map((peer) => peer.id);
    // Asked once per device: both the undeploys and the audit's "left on the device" follow from it.
    const holders: PeerEntity[] = [];
    for (const peer of peers) if (await this.removal.holdsOurRows(tx, peer)) holders.push(peer);
    const jobIds: string[] = [];
    if (!options.keepOnDevice && !options.force) {
      for (const peer of holders) jobIds.push(...(await this.removal.begin(tx, peer)));
    }
    await this.stateChanges.record(tx, { wanId: id, peerIds, reason: 'wan.deleted' });
    const removing = new Set((await tx.find(PeerEntity, { where: { wanId: id, removalRequestedAt: Not(IsNull()) }, select: { id: true } })).map((peer) => peer.id));
    if (removing.size === 0 || options.keepOnDevice || options.force) {
      const leftOnDevice = wan.removalRequestedAt !== null || holders.length > 0;
      await this.wans.delete(tx, id);
      await this.audit.record(tx, { action: 'wan.delete', entityType: 'wan', entityId: id, wanId: id, before, after: leftOnDevice ? { removal: options.keepOnDevice ? 'keepOnDevice' : 'forced', leftOnDevice: true } : null });
      return { removedNow: true, jobIds: [] };
    }
    // The devices keep their peer rows until cleaned; everything else of the WAN goes now.
    const others = peerIds.filter((peerId) => !removing.has(peerId));
    if (others.length > 0) await tx.delete(PeerEntity, { id: In(others) });
    await tx.update(WanNetworkEntity, { id }, { removalRequestedAt: wan.removalRequestedAt ?? new Date() });
    await this.audit.record(tx, { action: 'wan.delete', entityType: 'wan', entityId: id, wanId: id, before, after: { removal: 'undeploy', undeployJobIds: jobIds } });
    return { removedNow: false, jobIds };
  }

  private async require(manager: EntityManager, id: string, lock: boolean): Promise<WanNetworkEntity> {
    const wan = lock ? await this.wans.lockById(manager, id) : await this.wans.findById(id, manager);
    if (!wan) throw new AppError('WAN.NOT_FOUND', `No WAN has the id ${id}. List WANs with GET /api/wan.`);
    return wan;
  }

  private async requireFreeName(manager: EntityManager, name: string, exceptId?: string): Promise<void> {
    if (await this.wans.existsByName(manager, name, exceptId)) {
      const reason = `A WAN named "${name}" already exists. Choose another name.`;
      throw new AppError('WAN.NAME_TAKEN', reason, { fields: [{ field: 'name', reason }] });
    }
  }
}
