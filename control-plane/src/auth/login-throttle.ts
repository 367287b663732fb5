/**
 * Failed-login bookkeeping per (username, client IP): after `maxFailures` failures inside
 * `windowMs` the pair is refused until the oldest of them ages out. Pure apart from the
 * injected clock; memory is bounded by dropping the oldest pairs.
 *
 * @example const t = new LoginThrottle(5, 900_000); t.fail('admin|10.0.0.9'); t.retryAfterSeconds('admin|10.0.0.9') // null
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 10_000,
  ) {}

  /** Seconds until another attempt is allowed, or null when it is allowed now. */
  retryAfterSeconds(key: string): number | null {
    const recent = this.recent(key);
    if (recent.length < this.maxFailures) return null;
    return Math.max(1, Math.ceil((recent[recent.length - this.maxFailures]! + this.windowMs - this.now()) / 1000));
  }

  fail(key: string): void {
    const recent = [...this.recent(key), this.now()].slice(-this.maxFailures);
    this.failures.delete(key);
    this.failures.set(key, recent);
    if (this.failures.size > this.maxKeys) this.failures.delete(this.failures.keys().next().value!);
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    return (this.failures.get(key) ?? []).filter((at) => at > since);
  }
}
