import type { CompileIssue, PeerType } from '@wom/domain';
import { IsUUID } from 'class-validator';
import type { PeerConnectionEntity, PeerEntity } from '../database/entities';
import type { TopologyEdge } from './topology-edges';

const UUID = (field: string) => ({ message: `${field} must be a peer id (a UUID).` });

export class CreateConnectionDto {
  @IsUUID('all', UUID('peerAId')) peerAId!: string;
  @IsUUID('all', UUID('peerBId')) peerBId!: string;
}

export interface TopologyNode {
  readonly id: string;
  readonly name: string;
  readonly type: PeerType;
  readonly tunnelIp: string;
  readonly online: boolean;
  readonly lastSeen: string | null;
  readonly endpoint: string | null;
}

export interface TopologyResponse {
  readonly wanId: string;
  readonly topologyType: string;
  readonly nodes: readonly TopologyNode[];
  readonly edges: readonly TopologyEdge[];
  readonly issues: readonly CompileIssue[];
}

export const toTopologyNode = (peer: PeerEntity): TopologyNode => ({
  id: peer.id,
  name: peer.name,
  type: peer.type,
  tunnelIp: peer.tunnelIp,
  online: peer.isOnline,
  lastSeen: peer.lastSeen?.toISOString() ?? null,
  endpoint: peer.endpoint,
});

export interface WanStatusResponse {
  readonly wanId: string;
  readonly peers: { readonly total: number; readonly online: number; readonly offline: number; readonly byType: Readonly<Record<string, number>> };
  readonly services: { readonly total: number; readonly active: number };
  readonly conflicts: { readonly critical: number; readonly routing: number; readonly resolved: number };
  /** When the WAN's desired state last changed (its newest outbox row), or null. */
  readonly lastChange: string | null;
}

export interface ConnectionStatus {
  readonly connectionId: string;
  readonly remotePeerId: string;
  readonly isActive: boolean;
  readonly lastHandshake: string | null;
  readonly rxBytes: number;
  readonly txBytes: number;
}

export interface PeerStatusResponse {
  readonly peerId: string;
  readonly online: boolean;
  readonly lastSeen: string | null;
  readonly desiredRevision: number;
  readonly appliedRevision: number;
  readonly connections: readonly ConnectionStatus[];
}

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

export interface ConnectionResponse {
  readonly id: string;
  readonly peerAId: string;
  readonly peerBId: string;
  readonly isActive: boolean;
}

export const toConnectionResponse = (c: PeerConnectionEntity): ConnectionResponse => ({ id: c.id, peerAId: c.peerAId, peerBId: c.peerBId, isActive: c.isActive });
