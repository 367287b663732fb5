import type { UserRole } from './api.models';

const RANK: Record<UserRole, number> = { 'read-only': 0, operator: 1, admin: 2 };

/** Whether `role` may do what `needed` may (the control plane's role ladder). */
export function roleAllows(role: UserRole | null, needed: UserRole): boolean {
  return role !== null && RANK[role] >= RANK[needed];
}
