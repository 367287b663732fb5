import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Matches } from 'class-validator';
import { USER_ROLES, type UserRole } from '../principal';
import { apiKeyDisplay } from '../credentials';
import type { ApiKeyEntity } from '../../database/entities';
import type { ApiKeyResponse, CreatedApiKeyResponse } from '@wom/contracts';

export type { ApiKeyResponse, CreatedApiKeyResponse };

const NAME_RULE = { message: 'name must be 1–64 characters: letters, digits, space, dot, underscore or hyphen.' };

export class CreateApiKeyDto {
  @ApiProperty({ type: String, pattern: '^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$', example: 'ci-deploy' })
  @IsString(NAME_RULE) @Matches(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/, NAME_RULE) name!: string;
  @ApiProperty({ enum: USER_ROLES, example: 'operator', description: 'What the key may do; at most the creator’s own role.' })
  @IsIn(USER_ROLES, { message: `role must be one of ${USER_ROLES.join(', ')}.` }) role!: UserRole;
  @ApiPropertyOptional({ type: String, format: 'date-time', example: '2027-01-31T00:00:00Z', description: 'Never expires when omitted.' })
  @IsOptional() @IsISO8601({ strict: true }, { message: 'expiresAt must be an ISO 8601 time like 2027-01-31T00:00:00Z.' }) expiresAt?: string;
}

/** The documented shape of ApiKeyResponse. */
export class ApiKeyResponseDoc implements ApiKeyResponse {
  @ApiProperty({ format: 'uuid', example: '1b4e28ba-2fa1-41d2-883f-0016d3cca427' }) readonly id!: string;
  @ApiProperty({ example: 'ci-deploy' }) readonly name!: string;
  @ApiProperty({ enum: USER_ROLES, example: 'operator' }) readonly role!: UserRole;
  @ApiProperty({ description: 'Recognisable prefix of the key, never the secret.', example: 'wom_1b4e28ba_…' }) readonly display!: string;
  @ApiProperty({ type: String, nullable: true, example: '7c9e6679-7425-40de-944b-e07fc1f90ae7' }) readonly userId!: string | null;
  @ApiProperty({ example: '2026-01-31T12:00:00.000Z' }) readonly createdAt!: string;
  @ApiProperty({ type: String, nullable: true, example: null }) readonly lastUsedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2027-01-31T00:00:00.000Z' }) readonly expiresAt!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) readonly revokedAt!: string | null;
}

/** The documented shape of CreatedApiKeyResponse. */
export class CreatedApiKeyResponseDoc extends ApiKeyResponseDoc implements CreatedApiKeyResponse {
  @ApiProperty({ description: 'The key itself, shown this once only.', example: 'wom_1b4e28ba_Zm9vYmFyYmF6cXV4cXV1eA' }) readonly token!: string;
}

export const toApiKeyResponse = (key: ApiKeyEntity): ApiKeyResponse => ({
  id: key.id,
  name: key.name,
  role: key.role,
  display: apiKeyDisplay(key.prefix),
  userId: key.userId,
  createdAt: key.createdAt.toISOString(),
  lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
  expiresAt: key.expiresAt?.toISOString() ?? null,
  revokedAt: key.revokedAt?.toISOString() ?? null,
});
