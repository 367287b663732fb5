import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { MAX_PASSWORD_LENGTH } from '../auth/credentials';
import { USER_ROLES, type UserRole } from '../auth/principal';
import type { UserEntity } from '../database/entities';
import type { UserResponse } from '@wom/contracts';

export type { UserResponse };

export const MIN_PASSWORD_LENGTH = 12;
const USERNAME = /^[a-z0-9][a-z0-9._@-]{0,63}$/;
const USERNAME_RULE = { message: 'username must be 1–64 characters: letters, digits, dot, underscore, @ or hyphen, starting with a letter or digit.' };
const PASSWORD_RULE = { message: `password must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters.` };
const ROLE_RULE = { message: `role must be one of ${USER_ROLES.join(', ')}.` };
/** Usernames compare case-insensitively: they are stored in lower case. */
const lower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export class CreateUserDto {
  @ApiProperty({ type: String, pattern: USERNAME.source, example: 'alice', description: 'Stored in lower case; compared case-insensitively.' })
  @Transform(lower) @IsString(USERNAME_RULE) @Matches(USERNAME, USERNAME_RULE) username!: string;
  @ApiProperty({ type: String, format: 'password', minLength: MIN_PASSWORD_LENGTH, maxLength: MAX_PASSWORD_LENGTH, writeOnly: true, example: 'a-long-first-password' })
  @IsString(PASSWORD_RULE) @MinLength(MIN_PASSWORD_LENGTH, PASSWORD_RULE) @MaxLength(MAX_PASSWORD_LENGTH, PASSWORD_RULE) password!: string;
  @ApiProperty({ enum: USER_ROLES, example: 'operator' }) @IsIn(USER_ROLES, ROLE_RULE) role!: UserRole;
  /** Defaults to true: whoever set the password should not keep knowing it. */
  @ApiPropertyOptional({ type: Boolean, example: true, description: 'The user must replace the password at first login. Default true.' }) @IsOptional() @IsBoolean() mustChangePassword?: boolean;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ enum: USER_ROLES, example: 'read-only' }) @IsOptional() @IsIn(USER_ROLES, ROLE_RULE) role?: UserRole;
  @ApiPropertyOptional({ type: Boolean, example: false, description: 'A disabled user cannot log in; their sessions end.' }) @IsOptional() @IsBoolean() disabled?: boolean;
  /** An admin reset: the user must change it at next login. */
  @ApiPropertyOptional({ type: String, format: 'password', minLength: MIN_PASSWORD_LENGTH, maxLength: MAX_PASSWORD_LENGTH, writeOnly: true, example: 'a-new-one-time-password', description: 'An admin reset: the user must change it at next login.' })
  @IsOptional() @IsString(PASSWORD_RULE) @MinLength(MIN_PASSWORD_LENGTH, PASSWORD_RULE) @MaxLength(MAX_PASSWORD_LENGTH, PASSWORD_RULE) password?: string;
}

/** The documented shape of UserResponse. */
export class UserResponseDoc implements UserResponse {
  @ApiProperty({ format: 'uuid', example: '7c9e6679-7425-40de-944b-e07fc1f90ae7' }) readonly id!: string;
  @ApiProperty({ example: 'alice' }) readonly username!: string;
  @ApiProperty({ enum: USER_ROLES, example: 'operator' }) readonly role!: UserRole;
  @ApiProperty({ example: false }) readonly disabled!: boolean;
  @ApiProperty({ example: true }) readonly mustChangePassword!: boolean;
  @ApiProperty({ type: String, nullable: true, example: null }) readonly lastLoginAt!: string | null;
  @ApiProperty({ example: '2026-01-31T12:00:00.000Z' }) readonly createdAt!: string;
}

/** Never includes the password hash. */
export const toUserResponse = (user: UserEntity): UserResponse => ({
  id: user.id,
  username: user.username,
  role: user.role,
  disabled: !user.isActive,
  mustChangePassword: user.mustChangePassword,
  lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
  createdAt: user.createdAt.toISOString(),
});
