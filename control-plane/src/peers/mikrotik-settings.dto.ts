import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { validateEndpointHost } from '@wom/domain';
import { IsBoolean, IsOptional } from 'class-validator';
import { IsCaCertificate, IsHost, IsInterfaceName, IsPort, IsRouterPassword, IsRouterUsername } from '../common/validation/domain-rules';
import type { PeerEntity } from '../database/entities';
import { MIKROTIK_API_STATUSES } from '../database/entities/peer.entity';
import { RouterHealthFiguresDoc } from '../monitoring/router-health.dto';
import { storedHealthFigures } from '../monitoring/router-health.view';
import type { MikrotikSettingsResponse } from '@wom/contracts';

export type { MikrotikSettingsResponse };

/**
 * How the product reaches a MikroTik peer's REST API (spec §4.2.3, §6.1.2). Every field is
 * optional; on update `null` clears `managementIp`, `password` and `caCertificate`. The
 * password is write-only: it is sealed at once and never shown again.
 */
export class MikrotikSettingsDto {
  /** The router's management address as seen from whoever deploys (control plane or site agent). */
  @ApiPropertyOptional({ type: String, nullable: true, example: '192.168.88.1', description: 'The router’s management address as seen from whoever deploys; null clears it.' })
  @IsOptional() @IsHost() managementIp?: string | null;
  /** 443 for www-ssl, 80 for www (plain HTTP needs `useSsl: false`). */
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 65535, example: 443, description: '443 for www-ssl, 80 for www. Defaults by useSsl.' }) @IsOptional() @IsPort() apiPort?: number;
  @ApiPropertyOptional({ type: String, example: 'wom-deploy' }) @IsOptional() @IsRouterUsername() username?: string;
  @ApiPropertyOptional({ type: String, nullable: true, writeOnly: true, example: 'correct-horse-battery', description: 'Write-only: sealed at once, never shown again; null clears it.' })
  @IsOptional() @IsRouterPassword() password?: string | null;
  @ApiPropertyOptional({ type: Boolean, example: true, description: 'Use www-ssl (HTTPS). Default true.' }) @IsOptional() @IsBoolean() useSsl?: boolean;
  /** Off by default: most routers serve a self-signed certificate (spec §10.2). */
  @ApiPropertyOptional({ type: Boolean, example: false, description: 'Check the router’s certificate. Off by default: most routers use a self-signed one.' }) @IsOptional() @IsBoolean() verifyCert?: boolean;
  /** PEM of the CA that signed the router's certificate, for `verifyCert` with a private CA. */
  @ApiPropertyOptional({ type: String, nullable: true, example: '-----BEGIN CERTIFICATE-----\nMIIB…\n-----END CERTIFICATE-----\n', description: 'PEM of a private CA for verifyCert; null clears it.' })
  @IsOptional() @IsCaCertificate() caCertificate?: string | null;
  @ApiPropertyOptional({ type: Boolean, example: false, description: 'Deploy automatically whenever the desired configuration changes.' }) @IsOptional() @IsBoolean() autoDeploy?: boolean;
  @ApiPropertyOptional({ type: String, example: 'wg-wan-overlay', description: 'The WireGuard interface the product manages on the router.' }) @IsOptional() @IsInterfaceName() interfaceName?: string;
}

/** The documented shape of MikrotikSettingsResponse. */
export class MikrotikSettingsResponseDoc implements MikrotikSettingsResponse {
  @ApiProperty({ type: String, nullable: true, example: '192.168.88.1' }) readonly managementIp!: string | null;
  @ApiProperty({ type: 'integer', example: 443 }) readonly apiPort!: number;
  @ApiProperty({ type: String, nullable: true, example: 'wom-deploy' }) readonly username!: string | null;
  @ApiProperty({ example: true, description: 'A password is stored (it is never shown).' }) readonly hasPassword!: boolean;
  @ApiProperty({ example: true }) readonly useSsl!: boolean;
  @ApiProperty({ example: false }) readonly verifyCert!: boolean;
  @ApiProperty({ example: false }) readonly hasCaCertificate!: boolean;
  @ApiProperty({ example: false }) readonly autoDeploy!: boolean;
  @ApiProperty({ example: 'wg-wan-overlay' }) readonly interfaceName!: string;
  @ApiProperty({ example: 'connected', enum: MIKROTIK_API_STATUSES, description: 'Result of the last API check: unknown until the router was reached once; agent-offline when the site agent that alone reaches it is not reporting (its state is unknown, not down).' }) readonly apiStatus!: string;
  @ApiProperty({ type: String, nullable: true, example: '2026-01-31T12:00:00.000Z' }) readonly lastApiCheck!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', example: null, description: 'The site agent that alone reaches this router (its jobs and health reads run there); null when the control plane reaches it itself.' }) readonly executorAgentId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'paris-gw' }) readonly routerIdentity!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '7.19.4 (stable)' }) readonly routerosVersion!: string | null;
  @ApiProperty({ type: () => RouterHealthFiguresDoc, nullable: true, description: 'The last good health reading (every MONITOR_INTERVAL_SECONDS); null until the router answered once. Links: GET /api/peers/{id}/mikrotik/health.' })
  readonly health!: RouterHealthFiguresDoc | null;
}

export const DEFAULT_ROUTER_INTERFACE = 'wg-wan-overlay';

export function toMikrotikSettingsResponse(peer: PeerEntity): MikrotikSettingsResponse | null {
  if (peer.type !== 'mikrotik') return null;
  return {
    managementIp: peer.mikrotikManagementIp,
    apiPort: peer.mikrotikApiPort ?? (peer.mikrotikUseSsl ? 443 : 80),
    username: peer.mikrotikUsername,
    hasPassword: peer.mikrotikPassword !== null,
    useSsl: peer.mikrotikUseSsl,
    verifyCert: peer.mikrotikVerifyCert,
    hasCaCertificate: peer.mikrotikCaCertificate !== null,
    autoDeploy: peer.mikrotikAutoDeploy,
    interfaceName: peer.mikrotikInterfaceName ?? DEFAULT_ROUTER_INTERFACE,
    apiStatus: peer.mikrotikApiStatus ?? 'unknown',
    lastApiCheck: peer.mikrotikLastApiCheck?.toISOString() ?? null,
    executorAgentId: peer.mikrotikExecutorAgentId,
    routerIdentity: peer.mikrotikRouterIdentity,
    routerosVersion: peer.mikrotikRouterosVersion,
    health: storedHealthFigures(peer.mikrotikHealth),
  };
}

/** The entity columns a settings request changes; `undefined` fields keep their value. */
export function mikrotikColumns(dto: MikrotikSettingsDto, sealPassword: (password: string | null) => string | null): Partial<PeerEntity> {
  const columns: Partial<PeerEntity> = {};
  // Validated already; this normalises the host the way endpoints are (lower case, no brackets).
  if (dto.managementIp !== undefined) columns.mikrotikManagementIp = dto.managementIp === null ? null : validateEndpointHost(dto.managementIp, 'mikrotik.managementIp');
  if (dto.apiPort !== undefined) columns.mikrotikApiPort = dto.apiPort;
  if (dto.username !== undefined) {
    columns.mikrotikUsername = dto.username;
    columns.mikrotikAuthMethod = 'password';
  }
  if (dto.password !== undefined) columns.mikrotikPassword = sealPassword(dto.password);
  if (dto.useSsl !== undefined) columns.mikrotikUseSsl = dto.useSsl;
  if (dto.verifyCert !== undefined) columns.mikrotikVerifyCert = dto.verifyCert;
  if (dto.caCertificate !== undefined) columns.mikrotikCaCertificate = dto.caCertificate;
  if (dto.autoDeploy !== undefined) columns.mikrotikAutoDeploy = dto.autoDeploy;
  if (dto.interfaceName !== undefined) columns.mikrotikInterfaceName = dto.interfaceName;
  return columns;
}
