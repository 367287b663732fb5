import { IsString, MaxLength, MinLength } from 'class-validator';
import { MAX_PASSWORD_LENGTH } from './credentials';
import { MIN_PASSWORD_LENGTH } from '../users/user.dto';
import type { UserRole } from './principal';

export class LoginDto {
  @IsString() @MinLength(1) @MaxLength(64) username!: string;
  @IsString() @MinLength(1) @MaxLength(MAX_PASSWORD_LENGTH) password!: string;
}

export class ChangePasswordDto {
  @IsString() @MaxLength(MAX_PASSWORD_LENGTH) currentPassword!: string;
  @IsString() @MinLength(MIN_PASSWORD_LENGTH, { message: `newPassword must be at least ${MIN_PASSWORD_LENGTH} characters.` }) @MaxLength(MAX_PASSWORD_LENGTH) newPassword!: string;
}

export interface LoginResponse {
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  /** Seconds. */
  readonly expiresIn: number;
  readonly user: { readonly id: string; readonly username: string; readonly role: UserRole; readonly mustChangePassword: boolean };
}

export interface MeResponse {
  readonly kind: 'user' | 'api-key' | 'local';
  readonly id: string | null;
  readonly name: string;
  readonly role: UserRole;
  readonly mustChangePassword: boolean;
}
