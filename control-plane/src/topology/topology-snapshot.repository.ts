import { Inject, Injectable } from '@nestjs/common';
import type { LocalSubnet, Peer, PeerConnection, PeerOverrides, PublishedService, TopologySnapshot } from '@wom/domain';
import { IsNull, type EntityManager } from 'typeorm';
import { Database } from '../database/database';
import { LocalSubnetEntity, PeerConnectionEntity, PeerEntity, PublishedServiceEntity, WanNetworkEntity } from '../database/entities';

/** A snapshot plus the rows it came from, for callers that show more than the compiler needs. */
export interface GatheredTopology {
  readonly snapshot: TopologySnapshot;
  readonly wan: WanNetworkEntity;
  readonly peers: readonly PeerEntity[];
  readonly connections: readonly PeerConnectionEntity[];
}

export const toDomainPeer = (peer: PeerEntity): Peer => ({
  id: peer.id,
  wanId: peer.wanId,
  name: peer.name,
  type: peer.type,
  publicKey: peer.publicKey,
  tunnelIp: peer.tunnelIp,
  endpoint: peer.endpoint,
  listenPort: peer.listenPort,
  persistentKeepalive: peer.persistentKeepalive,
  tags: peer.tags,
  overrides: peer.overrides as PeerOverrides,
});

export const toDomainSubnet = (subnet: LocalSubnetEntity): LocalSubnet => ({
  id: subnet.id,
  peerId: subnet.peerId,
  cidr: subnet.cidr,
  isRouted: subnet.isRouted,
  natEnabled: subnet.natEnabled,
  natTranslatedCidr: subnet.natTranslatedCidr,
  description: subnet.description,
});

export const toDomainService = (service: PublishedServiceEntity): PublishedService => ({
  id: service.id,
  peerId: service.peerId,
  name: service.name,
  description: service.description,
  localIp: service.localIp,
  localPort: service.localPort,
  sharedIp: service.sharedIp,
  sharedPort: service.sharedPort,
  protocol: service.protocol,
  isActive: service.isActive,
});

const toDomainConnection = (connection: PeerConnectionEntity): PeerConnection => ({
  peerAId: connection.peerAId,
  peerBId: connection.peerBId,
  isActive: connection.isActive,
});

/**
 * Gathers one WAN into the domain's TopologySnapshot (gather, then compute): five queries
 * whatever the WAN's size, each filtered by the WAN id. Pass a transaction's manager to see
 * that transaction's writes (and, on PGlite, to avoid waiting on it).
 */
@Injectable()
export class TopologySnapshotRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  async gather(wanId: string, manager: EntityManager = this.database.manager): Promise<GatheredTopology | null> {
    const wan = await manager.findOneBy(WanNetworkEntity, { id: wanId });
    if (!wan) return null;
    // A peer being removed (deleted, its undeploy job still to run) is in nobody's configuration any more.
    const peers = await manager.find(PeerEntity, { where: { wanId, removalRequestedAt: IsNull() }, order: { tunnelIp: 'ASC' } });
    const present = new Set(peers.map((peer) => peer.id));
    const subnets = await manager
      .createQueryBuilder(LocalSubnetEntity, 'subnet')
      .innerJoin(PeerEntity, 'peer', 'peer.id = subnet.peer_id')
      .where('peer.wan_id = :wanId', { wanId })
      .orderBy('subnet.created_at', 'ASC')
      .addOrderBy('subnet.id', 'ASC')
      .getMany();
    const services = await manager.find(PublishedServiceEntity, { where: { wanId }, order: { createdAt: 'ASC', id: 'ASC' } });
    const connections = await manager
      .createQueryBuilder(PeerConnectionEntity, 'connection')
      .innerJoin(PeerEntity, 'peer', 'peer.id = connection.peer_a_id')
      .where('peer.wan_id = :wanId', { wanId })
      .getMany();
    const kept = connections.filter((connection) => present.has(connection.peerAId) && present.has(connection.peerBId));
    const snapshot: TopologySnapshot = {
      wan: {
        id: wan.id,
        name: wan.name,
        description: wan.description,
        tunnelIpRange: wan.tunnelIpRange,
        sharedServicesRange: wan.sharedServicesRange,
        topologyType: wan.topologyType,
      },
      peers: peers.map(toDomainPeer),
      subnets: subnets.filter((subnet) => present.has(subnet.peerId)).map(toDomainSubnet),
      services: services.filter((service) => present.has(service.peerId)).map(toDomainService),
      connections: kept.map(toDomainConnection),
    };
    return { snapshot, wan, peers, connections: kept };
  }
}
