import { DomainError } from '@wom/domain';
import { managedComment } from './managed-comment';
import type { DesiredRow, RouterOsMenu } from './routeros-rest.model';

/**
 * Collects desired rows of one peer, stamping each with its managed comment. A key seen twice
 * with identical fields is kept once (the compiler may list a route twice); a key seen twice
 * with different fields is a bug upstream, and two rows sharing one comment would make the
 * planner delete and recreate one of them forever, so it throws.
 */
export class RouterOsRowBuilder {
  private readonly rows = new Map<string, DesiredRow>();

  constructor(private readonly peerId: string) {}

  add(menu: RouterOsMenu, key: string, label: string, fields: Record<string, string>): void {
    const row: DesiredRow = { menu, key, comment: managedComment(this.peerId, key), label, fields };
    const id = `${menu}\0${key}`;
    const earlier = this.rows.get(id);
    if (earlier && JSON.stringify(earlier.fields) !== JSON.stringify(fields)) {
      throw new DomainError(
        'ROUTEROS.PLAN_INPUT',
        `Two different ${menu} rows share the key "${key}"; each row key must be unique per peer, so fix the desired state that lists it twice with different values.`,
        { menu, key },
      );
    }
    if (!earlier) this.rows.set(id, row);
  }

  build(): DesiredRow[] {
    return [...this.rows.values()];
  }
}
