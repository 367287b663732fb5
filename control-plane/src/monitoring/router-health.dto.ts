import { ApiProperty } from '@nestjs/swagger';
import type { LinkStatsView, RouterHealthFigures, RouterHealthResponse, WanLink, WanLinkStats, WanLinksResponse } from '@wom/contracts';
import { MIKROTIK_API_STATUSES } from '../database/entities/peer.entity';

export type { LinkStatsView, RouterHealthFigures, RouterHealthResponse, WanLink, WanLinkStats, WanLinksResponse };

/** Documented shapes of the router health and link statistics answers (libs/contracts holds the types). */
const PEER_ID = { format: 'uuid', example: '5a1d7c3e-2b4f-4e6a-9c8d-1f2e3a4b5c6d' } as const;
const REMOTE_ID = { format: 'uuid', example: '8e2a4c6b-1d3f-4a5b-9c7d-2e4f6a8b0c1d' } as const;
const AT = '2026-01-31T12:00:00.000Z';
const HANDSHAKE_AT = '2026-01-31T11:59:18.000Z';

export class RouterHealthFiguresDoc implements RouterHealthFigures {
  @ApiProperty({ example: 'paris-gw' }) readonly identity!: string;
  @ApiProperty({ example: '7.19.4 (stable)' }) readonly version!: string;
  @ApiProperty({ type: String, nullable: true, example: 'RB5009UG+S+' }) readonly board!: string | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 4, description: 'Percent, averaged over the router’s CPUs.' }) readonly cpuLoadPercent!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 268435456, description: 'Bytes of memory in use (total − free).' }) readonly memoryUsedBytes!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 1073741824 }) readonly memoryTotalBytes!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 273175, description: 'Seconds since the router booted.' }) readonly uptimeSeconds!: number | null;
  @ApiProperty({ example: AT, description: 'When these figures were read; older than lastApiCheck once a read failed.' }) readonly checkedAt!: string;
}

export class LinkStatsViewDoc implements LinkStatsView {
  @ApiProperty(REMOTE_ID) readonly remotePeerId!: string;
  @ApiProperty({ example: 'hub' }) readonly remotePeerName!: string;
  @ApiProperty({ type: String, nullable: true, example: HANDSHAKE_AT }) readonly lastHandshake!: string | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 42, description: 'Seconds since the last handshake at the time of this answer; null if there never was one.' }) readonly handshakeAgeSeconds!: number | null;
  @ApiProperty({ example: true, description: 'A handshake within the last 3 minutes.' }) readonly up!: boolean;
  @ApiProperty({ type: 'integer', example: 10485760, description: 'Bytes this peer received on the link.' }) readonly rxBytes!: number;
  @ApiProperty({ type: 'integer', example: 5242880, description: 'Bytes this peer sent on the link.' }) readonly txBytes!: number;
  @ApiProperty({ example: AT, description: 'When a router last reported these counters.' }) readonly updatedAt!: string;
}

/** GET /peers/:id/mikrotik/health. */
export class RouterHealthResponseDoc implements RouterHealthResponse {
  @ApiProperty(PEER_ID) readonly peerId!: string;
  @ApiProperty({ enum: MIKROTIK_API_STATUSES, example: 'connected', description: 'How the last read went.' }) readonly apiStatus!: string;
  @ApiProperty({ type: String, nullable: true, example: AT, description: 'The last read, good or not; null before the first.' }) readonly lastApiCheck!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: null, description: 'The site agent that reads this router; null when the control plane does.' }) readonly readByAgentId!: string | null;
  @ApiProperty({ example: true }) readonly online!: boolean;
  @ApiProperty({ type: String, nullable: true, example: AT }) readonly lastSeen!: string | null;
  @ApiProperty({ type: () => RouterHealthFiguresDoc, nullable: true, description: 'The last good reading; null until the router answered once.' }) readonly health!: RouterHealthFiguresDoc | null;
  @ApiProperty({ type: () => [LinkStatsViewDoc], description: 'Every link the router (or a router at the other end) reported, newest handshake first.' }) readonly links!: readonly LinkStatsViewDoc[];
}

export class WanLinkStatsDoc implements WanLinkStats {
  @ApiProperty({ type: String, nullable: true, example: HANDSHAKE_AT }) readonly lastHandshake!: string | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 42 }) readonly handshakeAgeSeconds!: number | null;
  @ApiProperty({ example: true, description: 'A handshake within the last 3 minutes.' }) readonly up!: boolean;
  @ApiProperty({ type: 'integer', example: 10485760, description: 'Bytes source received from target.' }) readonly rxBytes!: number;
  @ApiProperty({ type: 'integer', example: 5242880, description: 'Bytes source sent to target.' }) readonly txBytes!: number;
  @ApiProperty({ example: AT }) readonly updatedAt!: string;
  @ApiProperty({ ...PEER_ID, description: 'The router whose reading this is.' }) readonly reportedBy!: string;
}

export class WanLinkDoc implements WanLink {
  @ApiProperty(PEER_ID) readonly source!: string;
  @ApiProperty(REMOTE_ID) readonly target!: string;
  @ApiProperty({ enum: ['connection', 'hub', 'mesh'], example: 'hub', description: 'connection: an explicit peer connection; hub: a hub on either end; else mesh.' }) readonly kind!: WanLink['kind'];
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: null }) readonly connectionId!: string | null;
  @ApiProperty({ type: () => WanLinkStatsDoc, nullable: true, description: 'Null while no router at either end has reported the link.' }) readonly stats!: WanLinkStatsDoc | null;
}

/** GET /wan/:wanId/links. */
export class WanLinksResponseDoc implements WanLinksResponse {
  @ApiProperty({ format: 'uuid', example: '3f0c1a52-6d0e-4c59-9a57-0d1f4a3b2c10' }) readonly wanId!: string;
  @ApiProperty({ type: () => [WanLinkDoc] }) readonly links!: readonly WanLinkDoc[];
}
