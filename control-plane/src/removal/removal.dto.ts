import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { BOOLEAN_RULE, queryBoolean } from '../common/http/query-boolean';
import type { PeerRemoval, RemovalResponse } from '@wom/contracts';
import type { PeerEntity } from '../database/entities';
import type { DeviceChangeKind, RemovalDeviceChange, RemovalPreview } from './removal-plan';

export class DeleteQuery {
  @ApiPropertyOptional({ description: 'Leave every row this product wrote on the device and forget it now; the audit log says so. Default false.', example: false })
  @IsOptional() @Transform(queryBoolean) @IsBoolean(BOOLEAN_RULE) keepOnDevice: boolean = false;

  @ApiPropertyOptional({ description: 'Forget it now, even while its removal is pending (a router that will never answer again); its rows stay on the device. Audited. Default false.', example: false })
  @IsOptional() @Transform(queryBoolean) @IsBoolean(BOOLEAN_RULE) force: boolean = false;
}

/** Returned with 202 when a delete became an undeploy. */
export class RemovalResponseDoc implements RemovalResponse {
  @ApiProperty({ enum: ['removing', 'removed'], example: 'removing', description: '"removing": the object stays until its own device is clean; "removed": it is gone and only other routers are being updated.' }) readonly status!: 'removing' | 'removed';
  @ApiProperty({ description: 'The jobs taking it off devices: undeploys of its own devices, deploy-config of the other routers that referenced it.', type: [String], example: ['9b1f3c5e-7a2d-4e6f-8b0c-1d2e3f4a5b6c'] }) readonly jobIds!: readonly string[];
}

/** A peer's removal in progress, on the peer itself. */
export class PeerRemovalDoc implements PeerRemoval {
  @ApiProperty({ example: '2026-01-31T12:00:00.000Z' }) readonly requestedAt!: string;
  @ApiProperty({ description: 'Undeploy jobs run so far.', example: 1 }) readonly attempts!: number;
  @ApiProperty({ type: String, nullable: true, description: 'Why the last attempt failed (retried with a growing wait), or null.', example: 'The router did not answer at 192.0.2.10:443 within 10 s.' }) readonly lastError!: string | null;
}

export const toPeerRemoval = (peer: Pick<PeerEntity, 'removalRequestedAt' | 'removalAttempts' | 'removalError'>): PeerRemoval | null =>
  peer.removalRequestedAt === null ? null : { requestedAt: peer.removalRequestedAt.toISOString(), attempts: peer.removalAttempts, lastError: peer.removalError };

const CHANGE_KINDS: readonly DeviceChangeKind[] = ['undeploy', 'redeploy', 'deploy-waiting', 'next-deploy', 'agent-update', 'agent-removal', 'config-download', 'forgotten', 'left-on-device'];

export class RemovalDeviceChangeDoc implements RemovalDeviceChange {
  @ApiProperty({ example: '3f2a9c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b' }) readonly peerId!: string;
  @ApiProperty({ example: 'branch-paris' }) readonly peerName!: string;
  @ApiProperty({ example: 'mikrotik' }) readonly type!: string;
  @ApiProperty({ example: 'mikrotik-api' }) readonly deploymentMode!: string;
  @ApiProperty({ enum: CHANGE_KINDS, example: 'redeploy', description: 'What the delete does to this device.' }) readonly change!: DeviceChangeKind;
  @ApiProperty({ type: String, nullable: true, example: 'deploy-config', description: 'The job the delete queues for it, or null.' }) readonly jobType!: string | null;
  @ApiProperty({ example: 'A deploy-config job rewrites it without what is deleted; other rows are untouched.' }) readonly detail!: string;
}

/** The answer of every …/removal-preview: the delete run and rolled back. */
export class RemovalPreviewDoc implements RemovalPreview {
  @ApiProperty({ example: true, description: 'Whether the delete would remove it at once (else it waits as "removing" for its routers).' }) readonly removedNow!: boolean;
  @ApiProperty({ example: 1, description: 'Jobs the delete would queue.' }) readonly jobCount!: number;
  @ApiProperty({ example: 'Service web goes at once; 1 router(s) are redeployed, 2 agent box(es) get a new revision.' }) readonly summary!: string;
  @ApiProperty({ type: [RemovalDeviceChangeDoc] }) readonly devices!: RemovalDeviceChangeDoc[];
}
