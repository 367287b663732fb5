import { ApiProperty } from '@nestjs/swagger';
import type { RollbackPreview } from './rollback-target';

export class BackupMenuCountDoc {
  @ApiProperty({ example: '/interface/wireguard/peers' }) readonly menu!: string;
  @ApiProperty({ type: 'integer', example: 2 }) readonly count!: number;
}

/** POST /peers/:id/mikrotik/rollback/preview. */
export class RollbackPreviewDoc implements RollbackPreview {
  @ApiProperty({ format: 'uuid', example: '5a1d7c3e-2b4f-4e6a-9c8d-1f2e3a4b5c6d' }) readonly peerId!: string;
  @ApiProperty({ example: 'office-3' }) readonly peerName!: string;
  @ApiProperty({ format: 'uuid', example: 'e7d8c9b0-1a2b-4c3d-8e4f-5a6b7c8d9e0f', description: 'The deployment whose backup is restored.' }) readonly fromJobId!: string;
  @ApiProperty({ example: 'deploy-config' }) readonly fromJobType!: string;
  @ApiProperty({ type: String, nullable: true, example: '2026-01-31T12:00:00.000Z' }) readonly fromJobCompletedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2026-01-31T11:59:58.000Z' }) readonly backupTakenAt!: string | null;
  @ApiProperty({ type: () => [BackupMenuCountDoc], description: 'Rows the backup holds per menu.' }) readonly rows!: readonly BackupMenuCountDoc[];
}
