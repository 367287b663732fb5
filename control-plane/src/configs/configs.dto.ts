import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { BOOLEAN_RULE as BOOLEAN, queryBoolean as toBoolean } from '../common/http/query-boolean';

export class ConfigQuery {
  @ApiPropertyOptional({ description: 'Include the stored private key (privileged and audited). Default false.', example: false })
  @IsOptional() @Transform(toBoolean) @IsBoolean(BOOLEAN) includePrivateKey: boolean = false;
}

export class ExportQuery {
  @ApiPropertyOptional({ description: 'Include stored private keys (privileged and audited). Default false.', example: false })
  @IsOptional() @Transform(toBoolean) @IsBoolean(BOOLEAN) includePrivateKeys: boolean = false;
}

export class QrQuery {
  @ApiPropertyOptional({ enum: ['png', 'svg'], default: 'png', example: 'svg' })
  @IsOptional() @IsIn(['png', 'svg'], { message: 'format must be png or svg.' }) format: 'png' | 'svg' = 'png';
}

export class RegenerateKeysResponse {
  @ApiProperty({ format: 'uuid', example: '5a1d7c3e-2b4f-4e6a-9c8d-1f2e3a4b5c6d' }) peerId!: string;
  @ApiProperty({ example: 'xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=' }) publicKey!: string;
  @ApiProperty({ example: true }) hasPrivateKey!: boolean;
  @ApiProperty({ description: 'Peers whose configuration lists this key and so changed.', type: [String], example: ['5a1d7c3e-2b4f-4e6a-9c8d-1f2e3a4b5c6d', '8e2a4c6b-1d3f-4a5b-9c7d-2e4f6a8b0c1d'] }) affectedPeerIds!: readonly string[];
}

export class PendingPeer {
  @ApiProperty({ format: 'uuid', example: '5a1d7c3e-2b4f-4e6a-9c8d-1f2e3a4b5c6d' }) peerId!: string;
  @ApiProperty({ example: 'paris-office' }) peerName!: string;
}

export class CompileIssueResponse {
  @ApiProperty({ example: 'PEER.NO_PUBLIC_KEY' }) code!: string;
  @ApiProperty({ nullable: true, type: String, example: '5a1d7c3e-2b4f-4e6a-9c8d-1f2e3a4b5c6d' }) peerId!: string | null;
  @ApiProperty({ example: 'paris-office has no public key yet; it is left out until it reports one.' }) message!: string;
}

export class RegenerateAllResponse {
  @ApiProperty({ description: 'Peers that got a new configuration version.', example: 3 }) generated!: number;
  @ApiProperty({ description: 'Peers whose configuration did not change.', example: 12 }) unchanged!: number;
  @ApiProperty({ type: [PendingPeer], description: 'Regenerated peers that someone must apply by hand.' }) pendingManualApplication!: readonly PendingPeer[];
  @ApiProperty({ type: [String], description: 'MikroTik auto-deploy jobs queued (none yet).', example: [] }) queuedDeployments!: readonly string[];
  @ApiProperty({ type: [CompileIssueResponse] }) issues!: readonly CompileIssueResponse[];
}
