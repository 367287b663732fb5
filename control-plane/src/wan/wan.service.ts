import { Inject, Injectable } from '@nestjs/common';
import { DEFAULT_SHARED_SERVICES_RANGE, DEFAULT_TUNNEL_IP_RANGE } from '@wom/domain';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/errors/app-error';
import { Database } from '../database/database';
import type { WanNetworkEntity } from '../database/entities';
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

  delete(id: string): Promise<void> {
    return this.database.transaction(async (tx) => {
      const before = toWanResponse(await this.require(tx, id, true));
      const peerIds = await this.wans.peerIds(tx, id);
      await this.wans.delete(tx, id);
      await this.stateChanges.record(tx, { wanId: id, peerIds, reason: 'wan.deleted' });
      await this.audit.record(tx, { action: 'wan.delete', entityType: 'wan', entityId: id, wanId: id, before });
    });
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
