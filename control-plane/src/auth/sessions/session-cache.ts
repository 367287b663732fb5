import type { UserRole } from '../principal';

/** What the guard needs to know about a session, read in one query and kept briefly. */
export interface SessionValidity {
  readonly userId: string;
  readonly username: string;
  readonly role: UserRole;
  readonly mustChangePassword: boolean;
  /** Not revoked, not past its absolute end, and its user is enabled. */
  readonly live: boolean;
}

/**
 * How long a replica trusts what it read about a session. A revocation in this process takes
 * effect at once (it forgets the entry); one made by another replica is seen here within this
 * bound, which is therefore the longest a revoked session can still be used elsewhere.
 */
export const SESSION_CACHE_MS = 5_000;
const MAX_ENTRIES = 10_000;

/**
 * Session validity by session id, so an authenticated request costs a hash check and a map
 * lookup instead of a database round trip. Pure apart from the injected clock.
 *
 * @example cache.put('sid', validity); cache.get('sid') // validity, for SESSION_CACHE_MS
 */
export class SessionCache {
  private readonly entries = new Map<string, { readonly validity: SessionValidity; readonly at: number }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly ttlMs = SESSION_CACHE_MS,
  ) {}

  get(sessionId: string): SessionValidity | undefined {
    const entry = this.entries.get(sessionId);
    if (entry === undefined) return undefined;
    if (this.now() - entry.at > this.ttlMs) {
      this.entries.delete(sessionId);
      return undefined;
    }
    return entry.validity;
  }

  put(sessionId: string, validity: SessionValidity): void {
    this.entries.delete(sessionId);
    this.entries.set(sessionId, { validity, at: this.now() });
    // Oldest first: a Map iterates in insertion order.
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
  }

  forgetSession(sessionId: string): void {
    this.entries.delete(sessionId);
  }

  forgetUser(userId: string): void {
    for (const [sessionId, entry] of this.entries) if (entry.validity.userId === userId) this.entries.delete(sessionId);
  }
}
