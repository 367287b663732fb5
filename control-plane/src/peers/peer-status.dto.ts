import { ApiProperty } from '@nestjs/swagger';
import type { PeerDetailResponse, TunnelLinkStatus, TunnelStatus } from '@wom/contracts';
import { PeerResponseDoc } from './peer.dto';

const HANDSHAKE_AT = '2026-01-31T11:59:18.000Z';

/** The documented shape of TunnelLinkStatus. */
export class TunnelLinkStatusDoc implements TunnelLinkStatus {
  @ApiProperty({ format: 'uuid', example: '8e2a4c6b-1d3f-4a5b-9c7d-2e4f6a8b0c1d' }) readonly remotePeerId!: string;
  @ApiProperty({ example: 'hub' }) readonly remotePeerName!: string;
  @ApiProperty({ type: String, nullable: true, example: HANDSHAKE_AT }) readonly lastHandshake!: string | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 42, description: 'Seconds since the last handshake; null if there never was one.' }) readonly handshakeAgeSeconds!: number | null;
  @ApiProperty({ example: true, description: 'A handshake within the last 3 minutes.' }) readonly up!: boolean;
}

/** The documented shape of TunnelStatus. */
export class TunnelStatusDoc implements TunnelStatus {
  @ApiProperty({ enum: ['up', 'down', 'unknown'], example: 'up', description: 'up: a link had a handshake in the last 3 minutes; down: links were seen, none recently; unknown: no link reported yet.' })
  readonly state!: TunnelStatus['state'];
  @ApiProperty({ type: String, nullable: true, example: HANDSHAKE_AT, description: 'The newest handshake over all links.' }) readonly lastHandshake!: string | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 42 }) readonly handshakeAgeSeconds!: number | null;
  @ApiProperty({ type: 'integer', example: 1 }) readonly linksUp!: number;
  @ApiProperty({ type: () => [TunnelLinkStatusDoc], description: 'Every link, newest handshake first.' }) readonly links!: readonly TunnelLinkStatusDoc[];
}

/** GET /peers/:id: the peer with API reachability and tunnel state apart. */
export class PeerDetailResponseDoc extends PeerResponseDoc implements PeerDetailResponse {
  @ApiProperty({ type: Boolean, nullable: true, example: true, description: 'The router’s REST API answered the last read; null for peers without one.' }) readonly apiReachable!: boolean | null;
  @ApiProperty({ type: () => TunnelStatusDoc }) readonly tunnel!: TunnelStatusDoc;
}
