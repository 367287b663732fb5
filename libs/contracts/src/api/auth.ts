export type UserRole = 'admin' | 'operator' | 'read-only';

export interface LoginResponse {
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  /** Seconds. */
  readonly expiresIn: number;
  readonly user: { readonly id: string; readonly username: string; readonly role: UserRole; readonly mustChangePassword: boolean };
}

/** Who the caller is: a user, an API key, or the local operator. */
export interface MeResponse {
  readonly kind: 'user' | 'api-key' | 'local';
  readonly id: string | null;
  readonly name: string;
  readonly role: UserRole;
  readonly mustChangePassword: boolean;
}

/** How people may sign in (GET /api/auth/providers, public): single sign-on and whether password login is on. */
export interface SignInProvidersResponse {
  /** Null when single sign-on is not configured; else the button's provider name and where it leads. */
  readonly sso: { readonly name: string; readonly loginUrl: string } | null;
  readonly localLogin: boolean;
}

/** A signed-in browser or client of one user; never the refresh token. */
export interface SessionResponse {
  readonly id: string;
  readonly createdAt: string;
  /** The last refresh: roughly when the session was last active. */
  readonly refreshedAt: string;
  readonly expiresAt: string;
  readonly clientAddress: string | null;
  readonly userAgent: string | null;
  /** The session of the access token that asked. */
  readonly current: boolean;
}

export interface UserResponse {
  readonly id: string;
  readonly username: string;
  readonly role: UserRole;
  readonly disabled: boolean;
  readonly mustChangePassword: boolean;
  readonly lastLoginAt: string | null;
  readonly createdAt: string;
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

/** Create's answer: the only time the secret is shown. */
export interface CreatedApiKeyResponse extends ApiKeyResponse {
  readonly token: string;
}
