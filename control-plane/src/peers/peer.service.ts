import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AddressPool, applyTemplateDefaults, DomainError } from '@wom/domain';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/errors/app-error';
import type { Page } from '../common/http/pagination.dto';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { syncStoredConflicts } from '../conflicts/conflict-sync';
import { assignPendingTranslations } from '../conflicts/nat-assignment';
import { Database } from '../database/database';
import type { LocalSubnetEntity, PeerEntity, WanNetworkEntity } from '../database/entities';
import { keyIsOurs, needsManualApplication } from '../configs/peer-artifacts';
import { HistoryRepository } from '../history/history.repository';
import { requireAllowedRouterAddress, routerAddressRules, type RouterAddressRules } from '../mikrotik/router-address-rules';
import { DeviceRemoval, type RemovalOptions, type RemovalStart } from '../removal/device-removal';
import { PeerKeyVault } from '../secrets/secrets.module';
import { StateChangeRepository } from '../state-changes/state-change.repository';
import { TemplateRepository } from '../templates/template.repository';
import { WanRepository } from '../wan/wan.repository';
import { mikrotikColumns, type MikrotikSettingsDto } from './mikrotik-settings.dto';
import type { PeerListItemResponse, PeerListQuery } from './peer-list.dto';
import { toPeerResponse, type CreatePeerDto, type PeerResponse, type SubnetDto, type UpdatePeerDto } from './peer.dto';
import { PeerRepository, type NewSubnet } from './peer.repository';
import { assertNoCriticalConflicts } from './subnet-conflicts';

const toNewSubnet = (dto: SubnetDto): NewSubnet => ({
  cidr: dto.cidr,
  isRouted: dto.isRouted ?? true,
  natEnabled: dto.natEnabled ?? false,
  natTranslatedCidr: dto.natTranslatedCidr ?? null,
  description: dto.description ?? '',
});

/** `undefined` keeps the current value; `null` clears a nullable field. */
const patch = <T>(next: T | null | undefined, current: T | null): T | null => (next === undefined ? current : next);

/**
 * Peer lifecycle (spec §7.2). Every change that touches a WAN's addresses runs in one
 * transaction holding the WAN's row lock, so concurrent creations see each other's tunnel
 * IPs; the (wan_id, tunnel_ip) unique constraint backs that up.
 */
@Injectable()
export class PeerService {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(PeerRepository) private readonly peers: PeerRepository,
    @Inject(WanRepository) private readonly wans: WanRepository,
    @Inject(StateChangeRepository) private readonly stateChanges: StateChangeRepository,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(PeerKeyVault) private readonly keys: PeerKeyVault,
    @Inject(TemplateRepository) private readonly templates: TemplateRepository,
    @Inject(HistoryRepository) private readonly history: HistoryRepository,
    @Inject(DeviceRemoval) private readonly removal: DeviceRemoval,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.routerAddresses = routerAddressRules(config);
  }

  /** Which router management addresses the control plane may be pointed at. */
  private readonly routerAddresses: RouterAddressRules;

  async list(wanId: string, query: PeerListQuery): Promise<Page<PeerListItemResponse>> {
    const { limit, offset } = query;
    const { peers, total } = await this.peers.list(wanId, query, limit, offset);
    // Only an empty page can mean an unknown WAN; a page with peers proves the WAN exists.
    if (peers.length === 0 && !(await this.wans.findById(wanId))) throw wanNotFound(wanId);
    const ids = peers.map((peer) => peer.id);
    const subnets = await this.peers.subnetsOf(ids);
    const pending = await this.pendingOf(peers);
    const traffic = await this.peers.trafficOf(ids);
    const items = peers.map((peer) => ({
      ...toPeerResponse(peer, subnets.filter((s) => s.peerId === peer.id), pending.has(peer.id)),
      rxBytes: traffic.get(peer.id)?.rxBytes ?? null,
      txBytes: traffic.get(peer.id)?.txBytes ?? null,
    }));
    return { items, total, limit, offset };
  }

  async get(id: string): Promise<PeerResponse> {
    const peer = await this.requirePeer(this.database.manager, id);
    return toPeerResponse(peer, await this.peers.subnetsOf([id]), (await this.pendingOf([peer])).has(id));
  }

  async create(wanId: string, request: CreatePeerDto): Promise<PeerResponse> {
    const { dto, overrides, metadata } = await this.applyTemplate(request);
    requireMikrotikType(dto.type, request.mikrotik);
    return this.database.transaction(async (tx) => {
      const wan = await this.wans.lockById(tx, wanId);
      if (!wan) throw wanNotFound(wanId);
      if (wan.removalRequestedAt !== null) throw new AppError('WAN.REMOVING', `WAN "${wan.name}" was deleted and is being removed from its routers; add peers to another WAN.`);
      await this.requireFreeName(tx, wanId, dto.name);
      const pool = new AddressPool(wan.tunnelIpRange, await this.peers.takenTunnelIps(tx, wanId), { field: 'tunnelIp', rangeField: 'tunnelIpRange' });
      const id = randomUUID();
      const peer = await this.peers.insert(tx, {
        id,
        wanId,
        name: dto.name,
        type: dto.type,
        ...this.initialKeys(id, dto),
        overrides,
        metadata,
        tunnelIp: dto.tunnelIp !== undefined && dto.tunnelIp !== null ? pool.reserve(dto.tunnelIp) : pool.allocate(),
        endpoint: dto.endpoint ?? null,
        listenPort: dto.listenPort ?? null,
        persistentKeepalive: dto.persistentKeepalive ?? null,
        deploymentMode: dto.deploymentMode ?? 'config-file',
        tags: dto.tags ?? [],
        ...mikrotikColumns(request.mikrotik ?? {}, (password) => this.keys.sealRouterPassword(id, password)),
      });
      this.requireAllowedRouterAddress(peer, request.mikrotik);
      const subnets = await this.writeSubnets(tx, wan, peer, dto.subnets ?? []);
      await this.stateChanges.record(tx, { wanId, peerIds: [peer.id], reason: 'peer.created' });
      const after = toPeerResponse(peer, subnets);
      await this.audit.record(tx, { action: 'peer.create', entityType: 'peer', entityId: peer.id, wanId, after });
      return after;
    });
  }

  update(id: string, dto: UpdatePeerDto): Promise<PeerResponse> {
    return this.database.transaction(async (tx) => {
      const { peer, wan } = await this.lockPeer(tx, id);
      requireNotRemoving(peer);
      const before = toPeerResponse(peer, await this.peers.subnetsOf([id], tx));
      const leavesApiMode = peer.deploymentMode === 'mikrotik-api' && dto.deploymentMode !== undefined && dto.deploymentMode !== 'mikrotik-api';
      if (dto.name != null && dto.name !== peer.name) await this.requireFreeName(tx, peer.wanId, dto.name, id);
      requireMikrotikType(dto.type ?? peer.type, dto.mikrotik);
      if (dto.tunnelIp != null && dto.tunnelIp !== peer.tunnelIp) {
        const others = (await this.peers.takenTunnelIps(tx, peer.wanId)).filter((ip) => ip !== peer.tunnelIp);
        peer.tunnelIp = new AddressPool(wan.tunnelIpRange, others, { field: 'tunnelIp', rangeField: 'tunnelIpRange' }).reserve(dto.tunnelIp);
      }
      // A public key set from outside means the device holds its own key now: ours is void.
      if (dto.publicKey !== undefined && dto.publicKey !== peer.publicKey) peer.privateKeyEncrypted = null;
      Object.assign(peer, {
        name: dto.name ?? peer.name,
        type: dto.type ?? peer.type,
        deploymentMode: dto.deploymentMode ?? peer.deploymentMode,
        tags: dto.tags ?? peer.tags,
        publicKey: patch(dto.publicKey, peer.publicKey),
        endpoint: patch(dto.endpoint, peer.endpoint),
        listenPort: patch(dto.listenPort, peer.listenPort),
        persistentKeepalive: patch(dto.persistentKeepalive, peer.persistentKeepalive),
        ...mikrotikColumns(dto.mikrotik ?? {}, (password) => this.keys.sealRouterPassword(id, password)),
      });
      this.requireAllowedRouterAddress(peer, dto.mikrotik);
      const saved = await this.peers.save(tx, peer);
      const subnets = dto.subnets != null ? await this.writeSubnets(tx, wan, saved, dto.subnets) : await this.peers.subnetsOf([id], tx);
      await this.stateChanges.record(tx, { wanId: peer.wanId, peerIds: [id], reason: 'peer.updated' });
      // Leaving API mode hands the router to whoever applies scripts or files: our rows come off first.
      const undeployJobId = leavesApiMode && (await this.removal.holdsOurRows(tx, saved)) ? await this.removal.undeployOnly(saved, tx) : null;
      const after = toPeerResponse(saved, subnets);
      await this.audit.record(tx, { action: 'peer.update', entityType: 'peer', entityId: id, wanId: peer.wanId, before, after: undeployJobId ? { ...after, undeployJobId } : after });
      return after;
    });
  }

  /**
   * Deleting a peer whose router holds rows this product wrote is an undeploy: the peer leaves
   * every other peer's configuration now and stays, as "removing", until its undeploy job has
   * cleaned the router (see DeviceRemoval). Otherwise, or with `keepOnDevice` or `force`, the
   * row goes now: that releases the tunnel IP, and its subnets and services go by cascade.
   */
  delete(id: string, options: RemovalOptions = {}): Promise<RemovalStart> {
    return this.database.transaction(async (tx) => {
      const { peer, wan } = await this.lockPeer(tx, id);
      const before = toPeerResponse(peer, await this.peers.subnetsOf([id], tx));
      const holds = await this.removal.holdsOurRows(tx, peer);
      const undeploy = !options.keepOnDevice && !options.force && holds;
      const jobIds = undeploy ? await this.removal.begin(tx, peer) : null;
      if (jobIds !== null) {
        await this.audit.record(tx, { action: 'peer.delete', entityType: 'peer', entityId: id, wanId: peer.wanId, before, after: { removal: 'undeploy', undeployJobIds: jobIds } });
      } else {
        await this.peers.delete(tx, id);
        const leftOnDevice = options.keepOnDevice || peer.removalRequestedAt !== null || holds;
        await this.audit.record(tx, { action: 'peer.delete', entityType: 'peer', entityId: id, wanId: peer.wanId, before, after: deleteNote(options, leftOnDevice) });
      }
      await syncStoredConflicts(tx, wan);
      await this.stateChanges.record(tx, { wanId: peer.wanId, peerIds: [id], reason: 'peer.deleted' });
      // Every other router drops its tunnel to this peer.
      const redeploys = await this.removal.redeployRouters(tx, peer.wanId, [id]);
      return { removedNow: jobIds === null, jobIds: [...(jobIds ?? []), ...redeploys] };
    });
  }

  /**
   * Fills what the request left out from its template (spec §4.5); explicit fields win. MTU
   * and DNS have no peer column, so they go to the peer's overrides.
   */
  private async applyTemplate(request: CreatePeerDto): Promise<{ dto: CreatePeerDto; overrides: Record<string, unknown>; metadata: Record<string, unknown> }> {
    if (request.templateId === undefined) return { dto: request, overrides: {}, metadata: {} };
    const template = await this.templates.resolve(request.templateId);
    if (!template) {
      throw new DomainError('TEMPLATE.NOT_FOUND', `There is no template "${request.templateId.slice(0, 64)}". List templates with GET /api/templates.`, { field: 'templateId' });
    }
    const { templateId, mtu, dns, localSubnets, ...filled } = applyTemplateDefaults(template, {
      ...request,
      localSubnets: request.subnets?.map((subnet) => ({ ...subnet })),
    });
    const dto = { ...filled, subnets: request.subnets === undefined ? undefined : localSubnets } as CreatePeerDto;
    const overrides = { ...(mtu !== null ? { mtu } : {}), ...(dns.length > 0 ? { dns: [...dns] } : {}) };
    return { dto, overrides, metadata: { templateId } };
  }

  /** Config-file peers without a given public key get a pair; agents and routers report their own later. */
  private initialKeys(id: string, dto: CreatePeerDto): { publicKey: string | null; privateKeyEncrypted: string | null } {
    if (dto.publicKey != null || !keyIsOurs({ type: dto.type, deploymentMode: dto.deploymentMode ?? 'config-file' })) {
      return { publicKey: dto.publicKey ?? null, privateKeyEncrypted: null };
    }
    return this.keys.newKeyPair(id);
  }

  /** Peers whose newest generated configuration nobody has applied yet (agents apply their own). */
  private async pendingOf(peers: readonly PeerEntity[]): Promise<Set<string>> {
    const manual = peers.filter((peer) => needsManualApplication(peer)).map((peer) => peer.id);
    return this.history.pendingPeerIds(manual);
  }

  /** Locks the peer's WAN, then re-reads the peer under the lock (it may have moved or gone). */
  private async lockPeer(tx: EntityManager, id: string): Promise<{ peer: PeerEntity; wan: WanNetworkEntity }> {
    const before = await this.requirePeer(tx, id);
    const wan = await this.wans.lockById(tx, before.wanId);
    const peer = await this.peers.findById(id, tx);
    if (!wan || !peer) throw peerNotFound(id);
    return { peer, wan };
  }

  private async writeSubnets(tx: EntityManager, wan: WanNetworkEntity, peer: PeerEntity, subnets: readonly SubnetDto[]): Promise<LocalSubnetEntity[]> {
    // NAT asked for without a translation is a chosen resolution: assign one before checking.
    const others = (await this.peers.wanSubnets(tx, wan.id)).filter((subnet) => subnet.peerId !== peer.id);
    const saved = await this.peers.replaceSubnets(tx, peer.id, assignPendingTranslations(wan, others, subnets.map(toNewSubnet)));
    if (saved.length > 0) assertNoCriticalConflicts(wan, [...others, ...saved], peer);
    await syncStoredConflicts(tx, wan);
    return saved;
  }

  /**
   * A router's management address (when this request sets it or its port) must be one the
   * control plane may call; a stored address the request leaves alone is checked when used.
   */
  private requireAllowedRouterAddress(peer: PeerEntity, settings: MikrotikSettingsDto | undefined): void {
    const touched = settings !== undefined && (settings.managementIp != null || settings.apiPort !== undefined || settings.useSsl !== undefined);
    if (!touched || peer.mikrotikManagementIp === null) return;
    const port = peer.mikrotikApiPort ?? (peer.mikrotikUseSsl ? 443 : 80);
    requireAllowedRouterAddress(peer.mikrotikManagementIp, port, this.routerAddresses, 'mikrotik.managementIp');
  }

  private async requirePeer(manager: EntityManager, id: string): Promise<PeerEntity> {
    const peer = await this.peers.findById(id, manager);
    if (!peer) throw peerNotFound(id);
    return peer;
  }

  private async requireFreeName(tx: EntityManager, wanId: string, name: string, exceptId?: string): Promise<void> {
    if (await this.peers.nameExists(tx, wanId, name, exceptId)) {
      const reason = `A peer named "${name}" already exists in this WAN. Choose another name.`;
      throw new AppError('PEER.NAME_TAKEN', reason, { fields: [{ field: 'name', reason }] });
    }
  }
}

/** Router settings on a laptop would be stored and never used: say so instead. */
function requireMikrotikType(type: string, settings: MikrotikSettingsDto | undefined): void {
  if (settings === undefined || settings === null || type === 'mikrotik') return;
  const reason = `Router access settings apply only to peers of type mikrotik; this peer is a ${type}.`;
  throw new AppError('VALIDATION.FAILED', reason, { fields: [{ field: 'mikrotik', reason }] });
}

const wanNotFound = (id: string) => new AppError('WAN.NOT_FOUND', `No WAN has the id ${id}. List WANs with GET /api/wan.`);
const peerNotFound = (id: string) => new AppError('PEER.NOT_FOUND', `No peer has the id ${id}.`);

/** What the audit log keeps of a delete that forgot the peer at once, and what it left on the device. */
function deleteNote(options: RemovalOptions, leftOnDevice: boolean): Record<string, unknown> | null {
  if (!leftOnDevice) return null;
  if (options.keepOnDevice) return { removal: 'keepOnDevice', leftOnDevice: true };
  return { removal: 'forced', leftOnDevice: true };
}

function requireNotRemoving(peer: PeerEntity): void {
  if (peer.removalRequestedAt === null) return;
  throw new AppError('PEER.REMOVING', `Peer "${peer.name}" was deleted and is being removed from its router; it can no longer be changed. Delete it with ?force=true to forget it now.`);
}
