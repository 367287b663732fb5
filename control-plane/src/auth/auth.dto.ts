import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { MAX_PASSWORD_LENGTH } from './credentials';
import { MIN_PASSWORD_LENGTH } from '../users/user.dto';
import { USER_ROLES, type UserRole } from './principal';
import type { LoginResponse, MeResponse } from '@wom/contracts';

export type { LoginResponse, MeResponse };

export class LoginDto {
  @ApiProperty({ type: String, minLength: 1, maxLength: 64, example: 'admin' }) @IsString() @MinLength(1) @MaxLength(64) username!: string;
  @ApiProperty({ type: String, format: 'password', minLength: 1, maxLength: MAX_PASSWORD_LENGTH, writeOnly: true, example: 'a-long-passphrase' }) @IsString() @MinLength(1) @MaxLength(MAX_PASSWORD_LENGTH) password!: string;
}

export class ChangePasswordDto {
  @ApiProperty({ type: String, format: 'password', maxLength: MAX_PASSWORD_LENGTH, writeOnly: true, example: 'the-one-time-password' }) @IsString() @MaxLength(MAX_PASSWORD_LENGTH) currentPassword!: string;
  @ApiProperty({ type: String, format: 'password', minLength: MIN_PASSWORD_LENGTH, maxLength: MAX_PASSWORD_LENGTH, writeOnly: true, example: 'my-own-long-passphrase' })
  @IsString() @MinLength(MIN_PASSWORD_LENGTH, { message: `newPassword must be at least ${MIN_PASSWORD_LENGTH} characters.` }) @MaxLength(MAX_PASSWORD_LENGTH) newPassword!: string;
}

export class LoginUserDoc {
  @ApiProperty({ format: 'uuid', example: '7c9e6679-7425-40de-944b-e07fc1f90ae7' }) readonly id!: string;
  @ApiProperty({ example: 'admin' }) readonly username!: string;
  @ApiProperty({ enum: USER_ROLES, example: 'admin' }) readonly role!: UserRole;
  @ApiProperty({ example: false, description: 'Only POST /api/auth/password and GET /api/auth/me answer until it is changed.' }) readonly mustChangePassword!: boolean;
}

/** The documented shape of LoginResponse. */
export class LoginResponseDoc implements LoginResponse {
  @ApiProperty({ description: 'Send as Authorization: Bearer <accessToken>.', example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI3YzllNjY3OSJ9.c2lnbmF0dXJl' }) readonly accessToken!: string;
  @ApiProperty({ enum: ['Bearer'], example: 'Bearer' }) readonly tokenType!: 'Bearer';
  @ApiProperty({ type: 'integer', description: 'Seconds until the token expires (at most 900); renew it with POST /api/auth/refresh.', example: 900 }) readonly expiresIn!: number;
  @ApiProperty({ type: () => LoginUserDoc }) readonly user!: LoginUserDoc;
}

/** The documented shape of MeResponse. */
export class MeResponseDoc implements MeResponse {
  @ApiProperty({ enum: ['user', 'api-key', 'local'], example: 'user', description: 'local: single-user mode, no login.' }) readonly kind!: MeResponse['kind'];
  @ApiProperty({ type: String, nullable: true, example: '7c9e6679-7425-40de-944b-e07fc1f90ae7' }) readonly id!: string | null;
  @ApiProperty({ example: 'admin' }) readonly name!: string;
  @ApiProperty({ enum: USER_ROLES, example: 'admin' }) readonly role!: UserRole;
  @ApiProperty({ example: false }) readonly mustChangePassword!: boolean;
}
