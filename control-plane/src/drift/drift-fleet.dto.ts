import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PaginationQuery } from '../common/http/pagination.dto';
import type { DriftSource, DriftState, FleetDriftItem, FleetDriftKind } from './drift-fleet.view';

const DRIFT_STATES: readonly DriftState[] = ['in-sync', 'drifted', 'unchecked'];

/** `GET /api/wan/:wanId/drift`: drifted devices first, then by name. */
export class FleetDriftQuery extends PaginationQuery {
  @ApiPropertyOptional({ enum: DRIFT_STATES, example: 'drifted', description: 'Only devices in this state.' })
  @IsOptional() @IsIn(DRIFT_STATES, { message: `state must be one of ${DRIFT_STATES.join(', ')}.` }) state?: DriftState;
}

export class DriftKindCountsDoc implements Record<FleetDriftKind, number> {
  @ApiProperty({ example: 1, description: 'Desired rows the device lacks.' }) readonly missing!: number;
  @ApiProperty({ example: 0, description: 'Rows whose values differ from the desired ones.' }) readonly mismatched!: number;
  @ApiProperty({ example: 2, description: 'Rows carrying this product’s mark that are not desired (stale or added by hand).' }) readonly unknown!: number;
  @ApiProperty({ example: 0, description: 'Firewall rules moved below a foreign drop (routers only).' }) readonly misplaced!: number;
}

export class FleetDriftItemDoc implements FleetDriftItem {
  @ApiProperty({ example: '3f2a9c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b' }) readonly peerId!: string;
  @ApiProperty({ example: 'branch-paris' }) readonly name!: string;
  @ApiProperty({ example: 'mikrotik' }) readonly type!: string;
  @ApiProperty({ example: 'mikrotik-api' }) readonly deploymentMode!: string;
  @ApiProperty({ enum: ['router', 'agent'], example: 'router', description: 'router: read over its REST API; agent: the site agent’s own report.' }) readonly source!: DriftSource;
  @ApiProperty({ example: true }) readonly isOnline!: boolean;
  @ApiProperty({ enum: DRIFT_STATES, example: 'drifted' }) readonly state!: DriftState;
  @ApiProperty({ type: String, nullable: true, example: '2026-01-31T12:00:00.000Z', description: 'The last check (for an agent: the last drift it reported), or null.' }) readonly checkedAt!: string | null;
  @ApiProperty({ type: () => DriftKindCountsDoc }) readonly kinds!: DriftKindCountsDoc;
  @ApiProperty({ example: 3, description: 'Findings in the latest report.' }) readonly entries!: number;
}

export class FleetDriftPageDoc {
  @ApiProperty({ type: [FleetDriftItemDoc] }) readonly items!: FleetDriftItemDoc[];
  @ApiProperty({ example: 12, description: 'Devices matching the query.' }) readonly total!: number;
  @ApiProperty({ example: 50 }) readonly limit!: number;
  @ApiProperty({ example: 0 }) readonly offset!: number;
  @ApiProperty({ example: 3, description: 'Drifted devices of the WAN, whatever the page and filter.' }) readonly drifted!: number;
}
