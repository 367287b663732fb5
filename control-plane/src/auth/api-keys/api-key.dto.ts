import { IsIn, IsISO8601, IsOptional, IsString, Matches } from 'class-validator';
import { USER_ROLES, type UserRole } from '../principal';
import { apiKeyDisplay } from '../credentials';
import type { ApiKeyEntity } from '../../database/entities';

const NAME_RULE = { message: 'name must be 1–64 characters: letters, digits, space, dot, underscore or hyphen.' };

export class CreateApiKeyDto {
  @IsString(NAME_RULE) @Matches(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/, NAME_RULE) name!: string;
  @IsIn(USER_ROLES, { message: `role must be one of ${USER_ROLES.join(', ')}.` }) role!: UserRole;
  @IsOptional() @IsISO8601({ strict: true }, { message: 'expiresAt must be an ISO 8601 time like 2027-01-31T00:00:00Z.' }) expiresAt?: string;
}

export interface ApiKeyResponse {
  readonly id: string;
  readonly name: string;
  readonly role: UserRole;
  /** `wom_<id>_…`: recognisable, never the secret. */
  readonly display: string;
  readonly userId: string | null;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
}

/** Returned by create only: the one time the token is shown. */
export interface CreatedApiKeyResponse extends ApiKeyResponse {
  readonly token: string;
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
