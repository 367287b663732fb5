import { Inject, Injectable } from '@nestjs/common';
import { AddressPool } from '@wom/domain';
import type { EntityManager } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import type { Page } from '../common/http/pagination.dto';
import { Database } from '../database/database';
import type { LocalSubnetEntity, PeerEntity, WanNetworkEntity } from '../database/entities';
import { StateChangeRepository } from '../state-changes/state-change.repository';
import { WanRepository } from '../wan/wan.repository';
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
  ) {}

  async list(wanId: string, limit: number, offset: number): Promise<Page<PeerResponse>> {
    if (!(await this.wans.findById(wanId))) throw wanNotFound(wanId);
    const { peers, total } = await this.peers.page(wanId, limit, offset);
    const subnets = await this.peers.subnetsOf(peers.map((peer) => peer.id));
    return { items: peers.map((peer) => toPeerResponse(peer, subnets.filter((s) => s.peerId === peer.id))), total, limit, offset };
  }

  async get(id: string): Promise<PeerResponse> {
    const peer = await this.requirePeer(this.database.manager, id);
    return toPeerResponse(peer, await this.peers.subnetsOf([id]));
  }

  create(wanId: string, dto: CreatePeerDto): Promise<PeerResponse> {
    return this.database.transaction(async (tx) => {
      const wan = await this.wans.lockById(tx, wanId);
      if (!wan) throw wanNotFound(wanId);
      await this.requireFreeName(tx, wanId, dto.name);
      const pool = new AddressPool(wan.tunnelIpRange, await this.peers.takenTunnelIps(tx, wanId), { field: 'tunnelIp', rangeField: 'tunnelIpRange' });
      const peer = await this.peers.insert(tx, {
        wanId,
        name: dto.name,
        type: dto.type,
        publicKey: dto.publicKey ?? null,
        tunnelIp: dto.tunnelIp !== undefined && dto.tunnelIp !== null ? pool.reserve(dto.tunnelIp) : pool.allocate(),
        endpoint: dto.endpoint ?? null,
        listenPort: dto.listenPort ?? null,
        persistentKeepalive: dto.persistentKeepalive ?? null,
        deploymentMode: dto.deploymentMode ?? 'config-file',
        tags: dto.tags ?? [],
      });
      const subnets = await this.writeSubnets(tx, wan, peer, dto.subnets ?? []);
      await this.stateChanges.record(tx, { wanId, peerIds: [peer.id], reason: 'peer.created' });
      return toPeerResponse(peer, subnets);
    });
  }

  update(id: string, dto: UpdatePeerDto): Promise<PeerResponse> {
    return this.database.transaction(async (tx) => {
      const { peer, wan } = await this.lockPeer(tx, id);
      if (dto.name != null && dto.name !== peer.name) await this.requireFreeName(tx, peer.wanId, dto.name, id);
      if (dto.tunnelIp != null && dto.tunnelIp !== peer.tunnelIp) {
        const others = (await this.peers.takenTunnelIps(tx, peer.wanId)).filter((ip) => ip !== peer.tunnelIp);
        peer.tunnelIp = new AddressPool(wan.tunnelIpRange, others, { field: 'tunnelIp', rangeField: 'tunnelIpRange' }).reserve(dto.tunnelIp);
      }
      Object.assign(peer, {
        name: dto.name ?? peer.name,
        type: dto.type ?? peer.type,
        deploymentMode: dto.deploymentMode ?? peer.deploymentMode,
        tags: dto.tags ?? peer.tags,
        publicKey: patch(dto.publicKey, peer.publicKey),
        endpoint: patch(dto.endpoint, peer.endpoint),
        listenPort: patch(dto.listenPort, peer.listenPort),
        persistentKeepalive: patch(dto.persistentKeepalive, peer.persistentKeepalive),
      });
      const saved = await this.peers.save(tx, peer);
      const subnets = dto.subnets != null ? await this.writeSubnets(tx, wan, saved, dto.subnets) : await this.peers.subnetsOf([id], tx);
      await this.stateChanges.record(tx, { wanId: peer.wanId, peerIds: [id], reason: 'peer.updated' });
      return toPeerResponse(saved, subnets);
    });
  }

  /** Deleting the row releases the tunnel IP; its subnets and services go by cascade. */
  delete(id: string): Promise<void> {
    return this.database.transaction(async (tx) => {
      const { peer } = await this.lockPeer(tx, id);
      await this.peers.delete(tx, id);
      await this.stateChanges.record(tx, { wanId: peer.wanId, peerIds: [id], reason: 'peer.deleted' });
    });
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
    const saved = await this.peers.replaceSubnets(tx, peer.id, subnets.map(toNewSubnet));
    if (saved.length > 0) assertNoCriticalConflicts(wan, await this.peers.wanSubnets(tx, wan.id), peer);
    return saved;
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

const wanNotFound = (id: string) => new AppError('WAN.NOT_FOUND', `No WAN has the id ${id}. List WANs with GET /api/wan.`);
const peerNotFound = (id: string) => new AppError('PEER.NOT_FOUND', `No peer has the id ${id}.`);
