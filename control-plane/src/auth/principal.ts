import { USER_ROLES, type UserRole } from '../database/entities/user.entity';

export { USER_ROLES, type UserRole };

/** Who is making a request: a logged-in user, an API key, or the implicit single-user admin. */
export interface Principal {
  readonly kind: 'user' | 'api-key' | 'local';
  /** User id or API key id; null for `local`. */
  readonly id: string | null;
  /** Username, API key name, or `local`. */
  readonly name: string;
  readonly role: UserRole;
  /** Only set for users whose password is a one-time one: everything else is refused until it changes. */
  readonly mustChangePassword?: boolean;
  /** The session a user's access token belongs to; absent for API keys and `local`. */
  readonly sessionId?: string;
}

/** The implicit admin of single-user mode (spec §2.2). */
export const LOCAL_PRINCIPAL: Principal = Object.freeze({ kind: 'local', id: null, name: 'local', role: 'admin' });

const RANK: Readonly<Record<UserRole, number>> = { 'read-only': 0, operator: 1, admin: 2 };

/**
 * Roles are ordered: admin ⊇ operator ⊇ read-only.
 *
 * @example hasRole('admin', 'operator') // true; hasRole('read-only', 'operator') // false
 */
export function hasRole(actual: UserRole, required: UserRole): boolean {
  return RANK[actual] >= RANK[required];
}
