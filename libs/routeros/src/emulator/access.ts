import { RouterOsFailure, type Policy, type Row, type Session } from './emulator.model';
import type { MenuDef } from './menus';
import { sortedRow } from './values';

/**
 * What a session may do (ROUTEROS-REST.md §1, §6; MikroTik manual "User"). Logging in to
 * `/rest` takes `rest-api` (http-server.ts answers 401 without it); every call then takes
 * `api`, a read `read`, a write `write` (and `policy` for users and groups), `/ping` `test`,
 * and secrets are shown only with `sensitive`.
 *
 * An authenticated user lacking a policy gets **500**, not 403: `not enough permissions (9)`,
 * or `std failure: not allowed (9)` without `api` (§6, captures from a C# client and the
 * RouterOS 7.23.7 notes). ROUTEROS-REST.md records 403 only in one vendor's docs.
 */
export function requirePolicy(session: Session, policy: Policy): void {
  if (!session.policies.has('api')) throw new RouterOsFailure(500, 'std failure: not allowed (9)');
  if (!session.policies.has(policy)) throw new RouterOsFailure(500, 'not enough permissions (9)');
}

/** A write to `menu`: `write`, plus the menu's own policy (users and groups need `policy`). */
export function requireWrite(session: Session, menu: MenuDef | undefined): void {
  requirePolicy(session, 'write');
  if (menu?.writePolicy) requirePolicy(session, menu.writePolicy);
}

/** Secret properties, shown as `*****` without `sensitive` (ROUTEROS-REST.md §1). */
export const SECRET_FIELDS: readonly string[] = ['private-key', 'preshared-key'];

/** How `session` sees a row: keys sorted, write-only properties dropped, secrets masked without `sensitive`. */
export function present(row: Row, session: Session, menu?: MenuDef): Row {
  const out = sortedRow(row);
  for (const field of menu?.hidden ?? []) delete out[field];
  if (!session.policies.has('sensitive')) {
    for (const field of SECRET_FIELDS) if (out[field] !== undefined) out[field] = '*****';
  }
  return out;
}
