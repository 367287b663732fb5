import type { OidcRoleRule } from '../../config/sso-config';
import { hasRole, type UserRole } from '../principal';

/**
 * The strings a claim holds: an array of strings, or one string. A dotted path reaches into
 * objects, for providers that nest roles.
 *
 * @example claimValues({ realm_access: { roles: ['noc'] } }, 'realm_access.roles') // ['noc']
 */
export function claimValues(claims: Readonly<Record<string, unknown>>, path: string): string[] {
  let value: unknown = claims;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, key)) return [];
    value = (value as Record<string, unknown>)[key];
  }
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * The role for a user's groups: the highest role any of their groups maps to, whatever the
 * order of the rules, so being in more groups never lowers a role. `*` applies only when no
 * group matched. Null means no rule fits, and the sign-in is refused.
 *
 * @example mapRole(['noc', 'noc-admins'], [{ group: 'noc', role: 'operator' }, { group: 'noc-admins', role: 'admin' }]) // 'admin'
 */
export function mapRole(groups: readonly string[], rules: readonly OidcRoleRule[]): UserRole | null {
  let best: UserRole | null = null;
  for (const rule of rules) {
    if (rule.group !== '*' && groups.includes(rule.group) && (best === null || !hasRole(best, rule.role))) best = rule.role;
  }
  return best ?? rules.find((rule) => rule.group === '*')?.role ?? null;
}
