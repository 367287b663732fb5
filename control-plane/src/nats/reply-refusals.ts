/** Where a refusal is written; Nest's Logger in production. */
export interface RefusalLog {
  warn(message: string): void;
}

/** At most one log line per agent in this window, however fast it sends. */
const QUIET_MS = 60_000;

/**
 * Requests whose reply subject is not the asking agent's own inbox are dropped unanswered (an
 * agent must not steer the control plane's answers into another agent's subjects). Each is
 * logged, at most once a minute per agent, with how many were dropped since: an operator sees
 * a misbehaving or compromised agent without a log flood.
 */
export class ReplyRefusals {
  private readonly seen = new Map<string, { loggedAt: number; dropped: number }>();

  constructor(
    private readonly log: RefusalLog,
    private readonly now: () => number = Date.now,
  ) {}

  note(agentId: string, reply: string | undefined): void {
    const entry = this.seen.get(agentId) ?? { loggedAt: -Infinity, dropped: 0 };
    entry.dropped++;
    if (this.now() - entry.loggedAt >= QUIET_MS) {
      const where = reply === undefined ? 'no reply subject' : `reply subject "${reply.slice(0, 120)}"`;
      this.log.warn(`agent ${agentId.slice(0, 64)} sent a request with ${where}, outside its own inbox; not answered (${entry.dropped} such request(s) since the last warning)`);
      entry.loggedAt = this.now();
      entry.dropped = 0;
    }
    this.seen.set(agentId, entry);
  }
}
