import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import type { ConfigurationHistoryEntity } from '../database/entities';
import { CONFIG_TYPES, type ConfigType } from './history.repository';
import type { DiffLine } from './line-diff';

export class HistoryDiffQuery {
  @ApiProperty({ type: String, description: 'The older version id.', format: 'uuid', example: '1f0e2d3c-4b5a-4978-8a6b-5c4d3e2f1a01' }) @IsUUID('all', { message: 'from must be a version id (UUID).' }) from!: string;
  @ApiProperty({ type: String, description: 'The newer version id.', format: 'uuid', example: '1f0e2d3c-4b5a-4978-8a6b-5c4d3e2f1a02' }) @IsUUID('all', { message: 'to must be a version id (UUID).' }) to!: string;
}

export class HistoryVersionResponse {
  @ApiProperty({ format: 'uuid', example: '1f0e2d3c-4b5a-4978-8a6b-5c4d3e2f1a02' }) id!: string;
  @ApiProperty({ format: 'uuid', example: '5a1d7c3e-2b4f-4e6a-9c8d-1f2e3a4b5c6d' }) peerId!: string;
  @ApiProperty({ example: 3 }) version!: number;
  @ApiProperty({ enum: CONFIG_TYPES, example: 'wireguard' }) configType!: ConfigType;
  @ApiProperty({ description: 'The generated text; a private key in it is shown as [redacted].', example: '[Interface]\nPrivateKey = [redacted]\nAddress = 10.0.0.2/32\n' })
  configurationText!: string;
  @ApiProperty({ example: '2026-01-01T00:00:00.000Z' }) generatedAt!: string;
  @ApiProperty({ nullable: true, type: String, example: null }) appliedAt!: string | null;
}

export class HistoryDiffLineResponse {
  @ApiProperty({ enum: [' ', '-', '+'], example: '+', description: 'Space: unchanged; -: only in from; +: only in to.' }) op!: DiffLine['op'];
  @ApiProperty({ example: 'ListenPort = 51821' }) text!: string;
}

export class HistoryDiffResponse {
  @ApiProperty({ format: 'uuid', example: '1f0e2d3c-4b5a-4978-8a6b-5c4d3e2f1a01' }) from!: string;
  @ApiProperty({ format: 'uuid', example: '1f0e2d3c-4b5a-4978-8a6b-5c4d3e2f1a02' }) to!: string;
  @ApiProperty({ example: 2 }) added!: number;
  @ApiProperty({ example: 1 }) removed!: number;
  @ApiProperty({ type: [HistoryDiffLineResponse] }) lines!: DiffLine[];
  @ApiProperty({ description: 'The same diff as text, each line prefixed by a space, - or +.', example: ' [Interface]\n-ListenPort = 51820\n+ListenPort = 51821\n' }) unified!: string;
}

export const toHistoryVersionResponse = (row: ConfigurationHistoryEntity): HistoryVersionResponse => ({
  id: row.id,
  peerId: row.peerId,
  version: row.version,
  configType: row.configType as ConfigType,
  configurationText: row.configurationText,
  generatedAt: row.generatedAt.toISOString(),
  appliedAt: row.appliedAt?.toISOString() ?? null,
});
