import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PEER_LIST_STATUSES, PEER_SORT_FIELDS, sortValues, type PeerListItemResponse, type PeerListStatus, type PeerSortField } from '@wom/contracts';
import { PEER_TYPES, type PeerType } from '@wom/domain';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PaginationQuery } from '../common/http/pagination.dto';
import { IsCidr } from '../common/validation/domain-rules';
import { PeerResponseDoc } from './peer.dto';

export type { PeerListItemResponse };

export const PEER_SORTS = sortValues(PEER_SORT_FIELDS);
export type PeerSort = PeerSortField | `-${PeerSortField}`;
/** Today's order when no sort is asked for: oldest first, as the list always was. */
export const DEFAULT_PEER_SORT: PeerSort = 'createdAt';

/**
 * `GET /api/wan/:wanId/peers` filters, combined with AND. Without any, the page is the WAN's
 * peers oldest first, 50 at a time, exactly as before filters existed.
 */
export class PeerListQuery extends PaginationQuery {
  @ApiPropertyOptional({ type: String, maxLength: 100, example: 'paris', description: 'Case-insensitive text in the name, endpoint, tunnel address or a local subnet.' })
  @IsOptional() @IsString() @MaxLength(100, { message: 'q must be at most 100 characters.' }) q?: string;
  @ApiPropertyOptional({ enum: PEER_TYPES, example: 'mikrotik' })
  @IsOptional() @IsIn(PEER_TYPES, { message: `type must be one of ${PEER_TYPES.join(', ')}.` }) type?: PeerType;
  @ApiPropertyOptional({ enum: PEER_LIST_STATUSES, example: 'online', description: '`removing`: deleted, waiting for its undeploy job.' })
  @IsOptional() @IsIn(PEER_LIST_STATUSES, { message: `status must be one of ${PEER_LIST_STATUSES.join(', ')}.` }) status?: PeerListStatus;
  @ApiPropertyOptional({ type: String, maxLength: 64, example: 'paris', description: 'Peers carrying this tag.' })
  @IsOptional() @IsString() @MaxLength(64, { message: 'tag must be at most 64 characters.' }) tag?: string;
  @ApiPropertyOptional({ type: String, example: '192.168.0.0/16', description: 'Peers with a local subnet that overlaps this CIDR (contains it or lies inside it).' })
  @IsOptional() @IsCidr() subnet?: string;
  @ApiPropertyOptional({
    enum: PEER_SORTS,
    default: DEFAULT_PEER_SORT,
    example: '-lastHandshake',
    description: 'The column to sort by; a leading `-` sorts descending. `status` puts offline peers first; `lastHandshake` is the last handshake or report heard from the peer (`lastSeen`), never-seen peers last.',
  })
  @IsOptional() @IsIn(PEER_SORTS, { message: `sort must be one of ${PEER_SORTS.join(', ')}.` }) sort: PeerSort = DEFAULT_PEER_SORT;
}

/** The documented shape of PeerListItemResponse. */
export class PeerListItemDoc extends PeerResponseDoc implements PeerListItemResponse {
  @ApiProperty({ type: 'integer', nullable: true, example: 1048576, description: 'Bytes received over all the peer’s links, as routers last reported; null before any report.' }) readonly rxBytes!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 524288, description: 'Bytes sent over all the peer’s links; null before any report.' }) readonly txBytes!: number | null;
}
