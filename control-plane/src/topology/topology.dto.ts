import { ApiProperty } from '@nestjs/swagger';
import { PEER_TYPES, TOPOLOGY_TYPES, type CompileIssue, type PeerType } from '@wom/domain';
import { IsUUID } from 'class-validator';
import type { PeerConnectionEntity, PeerEntity } from '../database/entities';
import { DEPLOYMENT_MODES } from '../database/entities/peer.entity';
import type { TopologyEdge } from './topology-edges';
import type { ConnectionResponse, ConnectionStatus, DeploymentMode, PeerStatusResponse, TopologyNode, TopologyResponse, WanStatusResponse } from '@wom/contracts';

export type { ConnectionResponse, ConnectionStatus, PeerStatusResponse, TopologyNode, TopologyResponse, WanStatusResponse };

const WAN_ID = { format: 'uuid', example: '3f0c1a52-6d0e-4c59-9a57-0d1f4a3b2c10' } as const;
const PEER_ID = { format: 'uuid', example: '5a1d7c3e-2b4f-4e6a-9c8d-1f2e3a4b5c6d' } as const;
const OTHER_PEER_ID = { format: 'uuid', example: '8e2a4c6b-1d3f-4a5b-9c7d-2e4f6a8b0c1d' } as const;

const UUID = (field: string) => ({ message: `${field} must be a peer id (a UUID).` });

export class CreateConnectionDto {
  @ApiProperty({ type: String, ...PEER_ID }) @IsUUID('all', UUID('peerAId')) peerAId!: string;
  @ApiProperty({ type: String, ...OTHER_PEER_ID, description: 'Another peer of the same WAN.' }) @IsUUID('all', UUID('peerBId')) peerBId!: string;
}

export const toTopologyNode = (peer: PeerEntity): TopologyNode => ({
  id: peer.id,
  name: peer.name,
  type: peer.type,
  tunnelIp: peer.tunnelIp,
  online: peer.isOnline,
  lastSeen: peer.lastSeen?.toISOString() ?? null,
  endpoint: peer.endpoint,
  deploymentMode: peer.deploymentMode,
  mikrotikApiStatus: peer.type === 'mikrotik' ? (peer.mikrotikApiStatus ?? 'unknown') : null,
});

/**
 * Counters are stored as peer A measured them; peer B sees the same link with rx and tx
 * swapped, so each side reads its own direction.
 */
export function toConnectionStatus(connection: PeerConnectionEntity, viewerId: string): ConnectionStatus {
  const isA = connection.peerAId === viewerId;
  return {
    connectionId: connection.id,
    remotePeerId: isA ? connection.peerBId : connection.peerAId,
    isActive: connection.isActive,
    lastHandshake: connection.lastHandshake?.toISOString() ?? null,
    rxBytes: Number(isA ? connection.rxBytes : connection.txBytes),
    txBytes: Number(isA ? connection.txBytes : connection.rxBytes),
  };
}

export const toConnectionResponse = (c: PeerConnectionEntity): ConnectionResponse => ({ id: c.id, peerAId: c.peerAId, peerBId: c.peerBId, isActive: c.isActive });

export class TopologyNodeDoc implements TopologyNode {
  @ApiProperty(PEER_ID) readonly id!: string;
  @ApiProperty({ example: 'paris-office' }) readonly name!: string;
  @ApiProperty({ enum: PEER_TYPES, example: 'mikrotik' }) readonly type!: PeerType;
  @ApiProperty({ example: '10.0.0.12' }) readonly tunnelIp!: string;
  @ApiProperty({ example: true }) readonly online!: boolean;
  @ApiProperty({ type: String, nullable: true, example: '2026-01-31T12:00:00.000Z' }) readonly lastSeen!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'vpn.example.com:51820' }) readonly endpoint!: string | null;
  @ApiProperty({ enum: DEPLOYMENT_MODES, example: 'mikrotik-api', description: '`mikrotik-api`: a router the product configures over its REST API.' }) readonly deploymentMode!: DeploymentMode;
  @ApiProperty({ type: String, nullable: true, example: 'connected', description: 'MikroTik routers only: the last API status.' }) readonly mikrotikApiStatus!: string | null;
}

export class TopologyEdgeDoc implements TopologyEdge {
  @ApiProperty(PEER_ID) readonly source!: string;
  @ApiProperty(OTHER_PEER_ID) readonly target!: string;
  @ApiProperty({ enum: ['connection', 'hub', 'mesh'], example: 'hub', description: 'connection: an explicit peer connection; hub: a hub on either end; else mesh.' }) readonly kind!: TopologyEdge['kind'];
  @ApiProperty({ type: String, nullable: true, example: null }) readonly connectionId!: string | null;
  @ApiProperty({ type: 'integer', nullable: true, required: false, example: 42, description: 'Seconds since the last handshake a router reported for the link; null: reported without a handshake; absent: no reading (health unknown).' })
  readonly handshakeAgeSeconds?: number | null;
}

export class CompileIssueDoc {
  @ApiProperty({ example: 'PEER.NO_PUBLIC_KEY' }) readonly code!: string;
  @ApiProperty({ type: String, nullable: true, example: '5a1d7c3e-2b4f-4e6a-9c8d-1f2e3a4b5c6d' }) readonly peerId!: string | null;
  @ApiProperty({ example: 'paris-office has no public key yet; it is left out until it reports one.' }) readonly message!: string;
}

/** The documented shape of TopologyResponse. */
export class TopologyResponseDoc {
  @ApiProperty(WAN_ID) readonly wanId!: string;
  @ApiProperty({ enum: TOPOLOGY_TYPES, example: 'hub-spoke' }) readonly topologyType!: string;
  @ApiProperty({ type: () => [TopologyNodeDoc] }) readonly nodes!: readonly TopologyNodeDoc[];
  @ApiProperty({ type: () => [TopologyEdgeDoc] }) readonly edges!: readonly TopologyEdgeDoc[];
  @ApiProperty({ type: () => [CompileIssueDoc] }) readonly issues!: readonly CompileIssue[];
}

export class PeerCountsDoc {
  @ApiProperty({ type: 'integer', example: 5 }) readonly total!: number;
  @ApiProperty({ type: 'integer', example: 4 }) readonly online!: number;
  @ApiProperty({ type: 'integer', example: 1 }) readonly offline!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'Peers per type.', example: { hub: 1, mikrotik: 3, client: 1 } })
  readonly byType!: Readonly<Record<string, number>>;
}

export class ServiceCountsDoc {
  @ApiProperty({ type: 'integer', example: 3 }) readonly total!: number;
  @ApiProperty({ type: 'integer', example: 2 }) readonly active!: number;
}

export class ConflictCountsDoc {
  @ApiProperty({ type: 'integer', example: 0 }) readonly critical!: number;
  @ApiProperty({ type: 'integer', example: 1 }) readonly routing!: number;
  @ApiProperty({ type: 'integer', example: 2 }) readonly resolved!: number;
}

/** The documented shape of WanStatusResponse. */
export class WanStatusResponseDoc implements WanStatusResponse {
  @ApiProperty(WAN_ID) readonly wanId!: string;
  @ApiProperty({ type: () => PeerCountsDoc }) readonly peers!: PeerCountsDoc;
  @ApiProperty({ type: () => ServiceCountsDoc }) readonly services!: ServiceCountsDoc;
  @ApiProperty({ type: () => ConflictCountsDoc }) readonly conflicts!: ConflictCountsDoc;
  @ApiProperty({ type: String, nullable: true, example: '2026-01-31T12:00:00.000Z', description: 'When the WAN’s desired state last changed.' }) readonly lastChange!: string | null;
}

export class ConnectionStatusDoc implements ConnectionStatus {
  @ApiProperty({ format: 'uuid', example: '2c5ea4c0-4067-41fa-8e9f-7f3e4b6d0a11' }) readonly connectionId!: string;
  @ApiProperty(OTHER_PEER_ID) readonly remotePeerId!: string;
  @ApiProperty({ example: true }) readonly isActive!: boolean;
  @ApiProperty({ type: String, nullable: true, example: '2026-01-31T12:00:00.000Z' }) readonly lastHandshake!: string | null;
  @ApiProperty({ type: 'integer', example: 10485760, description: 'Bytes this peer received on the link.' }) readonly rxBytes!: number;
  @ApiProperty({ type: 'integer', example: 5242880, description: 'Bytes this peer sent on the link.' }) readonly txBytes!: number;
}

/** The documented shape of PeerStatusResponse. */
export class PeerStatusResponseDoc implements PeerStatusResponse {
  @ApiProperty(PEER_ID) readonly peerId!: string;
  @ApiProperty({ example: true }) readonly online!: boolean;
  @ApiProperty({ type: String, nullable: true, example: '2026-01-31T12:00:00.000Z' }) readonly lastSeen!: string | null;
  @ApiProperty({ type: 'integer', example: 4 }) readonly desiredRevision!: number;
  @ApiProperty({ type: 'integer', example: 4 }) readonly appliedRevision!: number;
  @ApiProperty({ type: () => [ConnectionStatusDoc] }) readonly connections!: readonly ConnectionStatusDoc[];
}

/** The documented shape of ConnectionResponse. */
export class ConnectionResponseDoc implements ConnectionResponse {
  @ApiProperty({ format: 'uuid', example: '2c5ea4c0-4067-41fa-8e9f-7f3e4b6d0a11' }) readonly id!: string;
  @ApiProperty(PEER_ID) readonly peerAId!: string;
  @ApiProperty(OTHER_PEER_ID) readonly peerBId!: string;
  @ApiProperty({ example: true }) readonly isActive!: boolean;
}
