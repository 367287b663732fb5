import { ApiProperty } from '@nestjs/swagger';
import type { SessionResponse } from '@wom/contracts';

export type { SessionResponse };

/** The documented shape of SessionResponse. */
export class SessionResponseDoc implements SessionResponse {
  @ApiProperty({ format: 'uuid', example: '0f8fad5b-d9cb-469f-a165-70867728950e' }) readonly id!: string;
  @ApiProperty({ example: '2026-01-31T12:00:00.000Z' }) readonly createdAt!: string;
  @ApiProperty({ example: '2026-01-31T12:14:00.000Z', description: 'The last refresh: roughly when the session was last active.' }) readonly refreshedAt!: string;
  @ApiProperty({ example: '2026-02-07T12:00:00.000Z', description: 'No refresh extends the session past this.' }) readonly expiresAt!: string;
  @ApiProperty({ type: String, nullable: true, example: '192.0.2.10' }) readonly clientAddress!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Mozilla/5.0 (X11; Linux x86_64)' }) readonly userAgent!: string | null;
  @ApiProperty({ example: true, description: 'The session of the access token that asked.' }) readonly current!: boolean;
}

export class SigningKeyRotatedDoc {
  @ApiProperty({ example: '9f86d081884c7d659a2feaa0', description: 'The id (`kid`) of the key that signs from now on.' }) readonly kid!: string;
}
