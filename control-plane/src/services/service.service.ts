import { Inject, Injectable } from '@nestjs/common';
import { AddressPool } from '@wom/domain';
import type { EntityManager } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import type { Page } from '../common/http/pagination.dto';
import { AuditService } from '../audit/audit.service';
import { Database } from '../database/database';
import { EventBus } from '../events/event-bus';
import type { PublishedServiceEntity, WanNetworkEntity } from '../database/entities';
import { PeerRepository } from '../peers/peer.repository';
import { DeviceRemoval, type RemovalStart } from '../removal/device-removal';
import type { RemovalPreview } from '../removal/removal-plan';
import { RemovalPreviewer } from '../removal/removal-preview';
import { recordStateChange, type StateChangeReason } from '../state-changes/state-change.repository';
import { WanRepository } from '../wan/wan.repository';
import { findEndpointClash } from './shared-endpoint';
import { toServiceResponse, type CreateServiceDto, type ServiceResponse, type UpdateServiceDto } from './service.dto';
import { ServiceRepository } from './service.repository';

/**
 * Published services (spec §7.4, §9.5). Shared IPs come from the WAN's shared-services range
 * under the WAN row lock, like tunnel IPs. A shared IP belongs to one peer (it becomes an
 * address on that peer's interface), while one peer may publish several ports on it.
 */
@Injectable()
export class ServiceService {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(ServiceRepository) private readonly services: ServiceRepository,
    @Inject(PeerRepository) private readonly peers: PeerRepository,
    @Inject(WanRepository) private readonly wans: WanRepository,
    @Inject(DeviceRemoval) private readonly removal: DeviceRemoval,
    @Inject(RemovalPreviewer) private readonly previewer: RemovalPreviewer,
    @Inject(EventBus) private readonly events: EventBus,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async list(wanId: string, limit: number, offset: number): Promise<Page<ServiceResponse>> {
    if (!(await this.wans.findById(wanId))) throw new AppError('WAN.NOT_FOUND', `No WAN has the id ${wanId}. List WANs with GET /api/wan.`);
    const { services, total } = await this.services.page(wanId, limit, offset);
    return { items: services.map(toServiceResponse), total, limit, offset };
  }

  async get(id: string): Promise<ServiceResponse> {
    const service = await this.services.findById(id);
    if (!service) throw serviceNotFound(id);
    return toServiceResponse(service);
  }

  async create(peerId: string, dto: CreateServiceDto): Promise<ServiceResponse> {
    return this.announce('service.created', await this.database.transaction(async (tx) => {
      const before = await this.peers.findById(peerId, tx);
      const wan = before && (await this.wans.lockById(tx, before.wanId));
      const peer = wan && (await this.peers.findById(peerId, tx));
      if (!wan || !peer) throw new AppError('PEER.NOT_FOUND', `No peer has the id ${peerId}.`);
      const existing = await this.services.inWan(wan.id, tx);
      const sharedIp = this.sharedIpFor(wan, existing, peerId, dto.sharedIp);
      const sharedPort = dto.sharedPort ?? dto.localPort;
      requireFreeEndpoint({ sharedIp, sharedPort, protocol: dto.protocol }, existing);
      const service = await this.services.insert(tx, {
        wanId: wan.id,
        peerId,
        name: dto.name,
        description: dto.description ?? '',
        localIp: dto.localIp,
        localPort: dto.localPort,
        sharedIp,
        sharedPort,
        protocol: dto.protocol,
        isActive: dto.isActive ?? true,
      });
      await this.recordChange(tx, wan.id, 'service.created');
      const after = toServiceResponse(service);
      await this.audit.record(tx, { action: 'service.publish', entityType: 'service', entityId: service.id, wanId: wan.id, after });
      return after;
    }));
  }

  async update(id: string, dto: UpdateServiceDto): Promise<ServiceResponse> {
    return this.announce('service.updated', await this.database.transaction(async (tx) => {
      const { service, wan } = await this.lockService(tx, id);
      const before = toServiceResponse(service);
      const existing = await this.services.inWan(wan.id, tx);
      const others = existing.filter((s) => s.id !== id);
      const sharedIp = dto.sharedIp != null && dto.sharedIp !== service.sharedIp ? this.sharedIpFor(wan, others, service.peerId, dto.sharedIp) : service.sharedIp;
      Object.assign(service, {
        name: dto.name ?? service.name,
        description: dto.description ?? service.description,
        localIp: dto.localIp ?? service.localIp,
        localPort: dto.localPort ?? service.localPort,
        sharedIp,
        sharedPort: dto.sharedPort ?? service.sharedPort,
        protocol: dto.protocol ?? service.protocol,
        isActive: dto.isActive ?? service.isActive,
      });
      requireFreeEndpoint(service, others);
      const saved = await this.services.save(tx, service);
      await this.recordChange(tx, wan.id, 'service.updated');
      const after = toServiceResponse(saved);
      await this.audit.record(tx, { action: 'service.update', entityType: 'service', entityId: id, wanId: wan.id, before, after });
      return after;
    }));
  }

  /**
   * Deleting the row releases the shared IP: the pool is rebuilt from the rows each time. The
   * routers of the WAN are redeployed so the service's NAT rule and routes leave them too (a
   * deleted service still reachable on a router would be a hole); their jobs are returned.
   */
  async delete(id: string): Promise<RemovalStart> {
    let wanId = '';
    const start = await this.database.transaction(async (tx) => {
      const { service, wan } = await this.lockService(tx, id);
      wanId = wan.id;
      const removal = await this.deleteIn(tx, id);
      const after = { removal: 'redeploy', redeployJobIds: removal.jobIds };
      await this.audit.record(tx, { action: 'service.delete', entityType: 'service', entityId: id, wanId, before: toServiceResponse(service), after });
      return removal;
    });
    this.announce('service.deleted', { id, wanId });
    return start;
  }

  /** Consoles showing the WAN's services reload them: the change is committed by now. */
  private announce<T extends { readonly id: string; readonly wanId: string }>(reason: StateChangeReason, service: T): T {
    this.events.publish('config.changed', { wanId: service.wanId, peerIds: [], reason });
    return service;
  }

  /** What the delete would do to each device: the delete itself, run and rolled back. */
  async removalPreview(id: string): Promise<RemovalPreview> {
    const service = await this.get(id);
    return this.previewer.preview(
      `Service ${service.name}`,
      async (tx) => (await this.lockService(tx, id)).wan.id,
      (tx) => this.deleteIn(tx, id),
    );
  }

  private async deleteIn(tx: EntityManager, id: string): Promise<RemovalStart> {
    const { wan } = await this.lockService(tx, id);
    await this.services.delete(tx, id);
    await this.recordChange(tx, wan.id, 'service.deleted');
    return { removedNow: true, jobIds: await this.removal.redeployRouters(tx, wan.id) };
  }

  /**
   * A requested shared IP must be a usable address of the range and not another peer's;
   * otherwise the lowest address no service holds is allocated.
   */
  private sharedIpFor(wan: WanNetworkEntity, existing: readonly PublishedServiceEntity[], peerId: string, requested: string | undefined): string {
    const options = { field: 'sharedIp', rangeField: 'sharedServicesRange' };
    if (requested === undefined) return new AddressPool(wan.sharedServicesRange, existing.map((s) => s.sharedIp), options).allocate();
    const ip = new AddressPool(wan.sharedServicesRange, [], options).reserve(requested);
    const holder = existing.find((s) => s.sharedIp === ip && s.peerId !== peerId);
    if (holder) {
      const reason = `${ip} is already the shared IP of service "${holder.name}" on another peer; a shared IP belongs to one peer. Omit sharedIp to get a free one.`;
      throw new AppError('PUBLISHED_SERVICE.SHARED_IP_HELD', reason, { fields: [{ field: 'sharedIp', reason }] });
    }
    return ip;
  }

  private async lockService(tx: EntityManager, id: string): Promise<{ service: PublishedServiceEntity; wan: WanNetworkEntity }> {
    const before = await this.services.findById(id, tx);
    const wan = before && (await this.wans.lockById(tx, before.wanId));
    const service = wan && (await this.services.findById(id, tx));
    if (!wan || !service) throw serviceNotFound(id);
    return { service, wan };
  }

  /** A shared IP appears in every peer's allowed IPs, so every peer of the WAN is affected. */
  private async recordChange(tx: EntityManager, wanId: string, reason: StateChangeReason): Promise<void> {
    await recordStateChange(tx, { wanId, peerIds: await this.wans.peerIds(tx, wanId), reason });
  }
}

function requireFreeEndpoint(wanted: Pick<PublishedServiceEntity, 'sharedIp' | 'sharedPort' | 'protocol'>, existing: readonly PublishedServiceEntity[]): void {
  const clash = findEndpointClash(wanted, existing);
  if (!clash) return;
  const reason =
    `${wanted.sharedIp}:${wanted.sharedPort}/${wanted.protocol} is already used by service "${clash.name}" (${clash.protocol}); ` +
    '"both" takes tcp and udp. Pick another shared port or shared IP.';
  throw new AppError('PUBLISHED_SERVICE.ENDPOINT_TAKEN', reason, { fields: [{ field: 'sharedPort', reason }], serviceId: clash.id });
}

const serviceNotFound = (id: string) => new AppError('PUBLISHED_SERVICE.NOT_FOUND', `No published service has the id ${id}. List them with GET /api/wan/:wanId/services.`);
