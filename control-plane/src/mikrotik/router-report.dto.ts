import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROUTEROS_MENUS, type RouterOsMenu } from '@wom/renderers';
import type { ConnectionTestResult, DeploymentConflict, DeploymentPreview, DriftEntry, DriftReport, EngineError, FieldDiff, MenuDiff, PlannedCall, RowDiff, WireguardPeerStats } from '@wom/routeros';
import type { StoredDriftReport } from '../drift/drift.service';

/**
 * Documented shapes of what the router endpoints answer: previews, diffs, drift reports and
 * live status. The engine's own interfaces (libs/routeros) stay the source of truth; the
 * `implements` clauses keep these in step with them.
 */
const PEER_ID = { format: 'uuid', example: '5a1d7c3e-2b4f-4e6a-9c8d-1f2e3a4b5c6d' } as const;
const MENU = { enum: ROUTEROS_MENUS, example: '/interface/wireguard/peers' } as const;
const COMMENT = { example: 'wom:peer:5a1d7c3e', description: 'The comment that marks the row as managed by this product.' } as const;
const CHECKED_AT = '2026-01-31T12:00:00.000Z';

export class FieldDiffDoc implements FieldDiff {
  @ApiProperty({ example: 'allowed-address' }) readonly field!: string;
  @ApiProperty({ type: String, nullable: true, example: '10.0.0.2/32', description: 'Null: absent. Secrets show as (secret).' }) readonly current!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '10.0.0.2/32,192.168.20.0/24' }) readonly desired!: string | null;
}

export class RowDiffDoc implements RowDiff {
  @ApiProperty({ enum: ['create', 'update', 'delete', 'move', 'unchanged'], example: 'update' }) readonly kind!: RowDiff['kind'];
  @ApiProperty(MENU) readonly menu!: RouterOsMenu;
  @ApiProperty({ type: String, nullable: true, example: 'peer:9c1f…', description: 'The row’s role; null for a stale row.' }) readonly key!: string | null;
  @ApiProperty(COMMENT) readonly comment!: string;
  @ApiPropertyOptional({ example: 'lyon-office' }) readonly label?: string;
  @ApiPropertyOptional({ example: '*1A', description: 'The router’s row id when the row exists.' }) readonly id?: string;
  @ApiProperty({ type: () => [FieldDiffDoc] }) readonly fields!: readonly FieldDiffDoc[];
}

export class MenuDiffDoc implements MenuDiff {
  @ApiProperty(MENU) readonly menu!: RouterOsMenu;
  @ApiProperty({ type: () => [RowDiffDoc] }) readonly rows!: readonly RowDiffDoc[];
}

export class PlannedCallDoc implements PlannedCall {
  @ApiProperty({ enum: ['PUT', 'PATCH', 'DELETE', 'POST'], example: 'PATCH' }) readonly method!: PlannedCall['method'];
  @ApiProperty({ example: '/rest/interface/wireguard/peers/*1A' }) readonly path!: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, description: 'The fields sent, secrets redacted.', example: { 'allowed-address': '10.0.0.2/32' } })
  readonly body?: Readonly<Record<string, string>>;
  @ApiProperty({ enum: ['create', 'update', 'delete', 'move'], example: 'update' }) readonly kind!: PlannedCall['kind'];
  @ApiProperty(MENU) readonly menu!: RouterOsMenu;
  @ApiProperty(COMMENT) readonly comment!: string;
  @ApiPropertyOptional({ example: 'lyon-office' }) readonly label?: string;
}

export class DeploymentConflictDoc implements DeploymentConflict {
  @ApiProperty({ ...MENU, example: '/interface/wireguard' }) readonly menu!: RouterOsMenu;
  @ApiProperty({ example: 'wg-wan-overlay', description: 'The unique key a foreign row already holds.' }) readonly key!: string;
  @ApiProperty({ example: '*3', description: 'The foreign row’s id.' }) readonly id!: string;
  @ApiProperty({ type: [String], example: ['name'] }) readonly fields!: readonly string[];
  @ApiProperty({ example: 'An interface named wg-wan-overlay exists and is not managed by this product.' }) readonly message!: string;
}

export class ChangeSummaryDoc {
  @ApiProperty({ type: 'integer', example: 1 }) readonly create!: number;
  @ApiProperty({ type: 'integer', example: 2 }) readonly update!: number;
  @ApiProperty({ type: 'integer', example: 0 }) readonly delete!: number;
  @ApiProperty({ type: 'integer', example: 0 }) readonly move!: number;
  @ApiProperty({ type: 'integer', example: 7 }) readonly unchanged!: number;
}

/** GET /peers/:id/mikrotik/diff: the preview without the calls. */
export class DeploymentDiffDoc implements Omit<DeploymentPreview, 'calls'> {
  @ApiProperty(PEER_ID) readonly peerId!: string;
  @ApiProperty({ type: () => [MenuDiffDoc] }) readonly menus!: readonly MenuDiffDoc[];
  @ApiProperty({ type: () => [DeploymentConflictDoc] }) readonly conflicts!: readonly DeploymentConflictDoc[];
  @ApiProperty({ type: () => ChangeSummaryDoc }) readonly summary!: ChangeSummaryDoc;
}

export class DeploymentPreviewDoc extends DeploymentDiffDoc implements DeploymentPreview {
  @ApiProperty({ type: () => [PlannedCallDoc], description: 'Exactly the calls a deployment would send now, in order.' }) readonly calls!: readonly PlannedCallDoc[];
}

export class DriftFieldDoc {
  @ApiProperty({ example: 'listen-port' }) readonly field!: string;
  @ApiProperty({ type: String, nullable: true, example: '51820' }) readonly expected!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '51821' }) readonly actual!: string | null;
}

export class DriftEntryDoc implements DriftEntry {
  @ApiProperty({ enum: ['missing', 'mismatched', 'unknown', 'misplaced'], example: 'mismatched' }) readonly kind!: DriftEntry['kind'];
  @ApiProperty(MENU) readonly menu!: RouterOsMenu;
  @ApiProperty({ type: String, nullable: true, example: 'interface' }) readonly key!: string | null;
  @ApiProperty(COMMENT) readonly comment!: string;
  @ApiPropertyOptional({ example: 'wg-wan-overlay' }) readonly label?: string;
  @ApiPropertyOptional({ example: '*1' }) readonly id?: string;
  @ApiProperty({ type: () => [DriftFieldDoc] }) readonly fields!: readonly DriftFieldDoc[];
}

export class DriftSummaryDoc {
  @ApiProperty({ type: 'integer', example: 0 }) readonly missing!: number;
  @ApiProperty({ type: 'integer', example: 1 }) readonly mismatched!: number;
  @ApiProperty({ type: 'integer', example: 0 }) readonly unknown!: number;
  @ApiProperty({ type: 'integer', example: 0 }) readonly misplaced!: number;
}

export class DriftReportDoc implements DriftReport {
  @ApiProperty(PEER_ID) readonly peerId!: string;
  @ApiProperty({ example: CHECKED_AT }) readonly checkedAt!: string;
  @ApiProperty({ example: false }) readonly inSync!: boolean;
  @ApiProperty({ type: () => [DriftEntryDoc] }) readonly entries!: readonly DriftEntryDoc[];
  @ApiProperty({ type: () => [DeploymentConflictDoc] }) readonly conflicts!: readonly DeploymentConflictDoc[];
  @ApiProperty({ type: () => DriftSummaryDoc }) readonly summary!: DriftSummaryDoc;
}

export class StoredDriftReportDoc implements StoredDriftReport {
  @ApiProperty(PEER_ID) readonly peerId!: string;
  @ApiProperty({ type: String, nullable: true, example: CHECKED_AT, description: 'Null until the router was checked once.' }) readonly checkedAt!: string | null;
  @ApiProperty({ type: () => DriftReportDoc, nullable: true }) readonly report!: DriftReportDoc | null;
}

export class EngineErrorDoc implements EngineError {
  @ApiProperty({ example: 'ROUTEROS.AUTH_FAILED' }) readonly code!: string;
  @ApiProperty({ example: 'The router refused the user name or password.' }) readonly message!: string;
  @ApiPropertyOptional({ example: 'Check the router user’s password and its api/rest-api policy.' }) readonly suggestion?: string;
  @ApiPropertyOptional({ example: 'invalid user name or password (6)', description: 'RouterOS’s own wording.' }) readonly detail?: string;
}

export class RouterConnectionDoc implements ConnectionTestResult {
  @ApiProperty({ enum: ['connected', 'auth-failed', 'unreachable', 'incompatible'], example: 'connected' }) readonly status!: ConnectionTestResult['status'];
  @ApiProperty({ type: String, nullable: true, example: 'paris-gw' }) readonly identity!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '7.19.4 (stable)' }) readonly version!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'RB5009UG+S+' }) readonly board!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '3d04:12:55' }) readonly uptime!: string | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 4 }) readonly cpuLoadPercent!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 805306368 }) readonly freeMemoryBytes!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 1073741824 }) readonly totalMemoryBytes!: number | null;
  @ApiProperty({ example: true }) readonly restAvailable!: boolean;
  @ApiProperty({ example: true, description: 'The /interface/wireguard menu exists in this RouterOS build.' }) readonly wireguardAvailable!: boolean;
  @ApiProperty({ type: () => EngineErrorDoc, nullable: true, description: 'Set unless status is connected.' }) readonly error!: EngineErrorDoc | null;
}

export class RouterEndpointDoc {
  @ApiProperty({ example: '203.0.113.7' }) readonly address!: string;
  @ApiProperty({ type: 'integer', example: 51820 }) readonly port!: number;
}

export class WireguardPeerStatsDoc implements WireguardPeerStats {
  @ApiProperty({ example: 'xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=' }) readonly publicKey!: string;
  @ApiProperty({ type: String, nullable: true, ...COMMENT }) readonly comment!: string | null;
  @ApiProperty({ example: false }) readonly disabled!: boolean;
  @ApiProperty({ type: 'integer', nullable: true, example: 42, description: 'Seconds since the last handshake; null if there never was one.' }) readonly lastHandshakeSeconds!: number | null;
  @ApiProperty({ type: 'integer', example: 10485760 }) readonly rxBytes!: number;
  @ApiProperty({ type: 'integer', example: 5242880 }) readonly txBytes!: number;
  @ApiProperty({ type: () => RouterEndpointDoc, nullable: true }) readonly currentEndpoint!: RouterEndpointDoc | null;
}

/** GET /peers/:id/mikrotik/status: the router read live, plus its WireGuard peers' counters. */
export class RouterStatusDoc {
  @ApiProperty(PEER_ID) readonly peerId!: string;
  @ApiProperty({ type: () => RouterConnectionDoc }) readonly connection!: RouterConnectionDoc;
  @ApiProperty({ example: 'wg-wan-overlay' }) readonly interfaceName!: string;
  @ApiProperty({ type: () => [WireguardPeerStatsDoc] }) readonly wireguardPeers!: readonly WireguardPeerStatsDoc[];
  @ApiProperty({ type: String, nullable: true, example: CHECKED_AT }) readonly lastDriftCheck!: string | null;
}
