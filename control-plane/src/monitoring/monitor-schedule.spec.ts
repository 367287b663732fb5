import { nextRoundDelayMs, readOffsetMs, roundTiming, runRound, type PlannedRead, type RoundClock } from './monitor-schedule';

/** A discrete-event clock: `sleep` parks until the driver moves time to its deadline. */
class FakeClock implements RoundClock {
  private time = 0;
  private timers: { at: number; resolve: () => void }[] = [];

  now = (): number => this.time;
  sleep = (ms: number): Promise<void> => new Promise((resolve) => this.timers.push({ at: this.time + ms, resolve }));

  /** Fires timers in order until `done` settles; returns the virtual time it took. */
  async drive(done: Promise<unknown>): Promise<number> {
    let finished = false;
    void done.finally(() => (finished = true));
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      if (finished) return this.time;
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers.shift();
      if (!next) throw new Error('the round waits on nothing');
      this.time = Math.max(this.time, next.at);
      next.resolve();
    }
  }
}

/** Deterministic router ids that differ only in their last characters, the hard case for a hash. */
const ids = (count: number): string[] => Array.from({ length: count }, (_, i) => `5a1d7c3e-2b4f-4e6a-9c8d-${i.toString(16).padStart(12, '0')}`);

describe('roundTiming', () => {
  it('spreads 10 s rounds over 4 s with 2 s per request', () => {
    expect(roundTiming(10)).toEqual({ intervalMs: 10_000, spreadMs: 4_000, requestTimeoutMs: 2_000 });
  });

  it('reads everything at once, patiently, when monitoring is off (a round run by hand)', () => {
    expect(roundTiming(0)).toEqual({ intervalMs: 0, spreadMs: 0, requestTimeoutMs: 10_000 });
  });

  it.each([2, 3, 5, 8, 10, 30, 60, 600, 3600])('at %i s a silent router is marked within two intervals, and from 8 s a slow one within the round', (seconds) => {
    const { intervalMs, spreadMs, requestTimeoutMs } = roundTiming(seconds);
    // Its slot stays put: asked again one interval after its last good read, failed one timeout later.
    expect(intervalMs + requestTimeoutMs).toBeLessThanOrEqual(2 * intervalMs);
    expect(requestTimeoutMs).toBeGreaterThanOrEqual(1_500);
    // Its three requests one after the other, each answered just before the timeout.
    if (seconds >= 8) expect(spreadMs + 3 * requestTimeoutMs).toBeLessThanOrEqual(intervalMs);
  });
});

describe('nextRoundDelayMs', () => {
  it('starts the next round one interval after the last one started, and never while it runs', () => {
    expect(nextRoundDelayMs(0, 4_200, 10_000)).toBe(5_800);
    expect(nextRoundDelayMs(0, 10_000, 10_000)).toBe(0);
    // It overran: the next one starts the moment it ended, not alongside it.
    expect(nextRoundDelayMs(0, 12_000, 10_000)).toBe(0);
  });
});

describe('readOffsetMs', () => {
  it('gives each router a stable slot inside the spread', () => {
    for (const id of ids(50)) {
      const offset = readOffsetMs(id, 4_000);
      expect(offset).toBe(readOffsetMs(id, 4_000));
      expect(offset).toBeGreaterThanOrEqual(0);
      expect(offset).toBeLessThan(4_000);
    }
    expect(readOffsetMs(ids(1)[0]!, 0)).toBe(0);
  });

  it('spreads 500 routers evenly: every tenth of the window holds 50 ± 20', () => {
    const buckets = new Array<number>(10).fill(0);
    for (const id of ids(500)) buckets[Math.floor(readOffsetMs(id, 4_000) / 400)]!++;
    for (const count of buckets) expect(Math.abs(count - 50)).toBeLessThanOrEqual(20);
  });
});

describe('runRound', () => {
  /** Runs a round of `count` reads of `readMs` each and records what happened. */
  async function simulate(count: number, options: { concurrency: number; spreadMs: number; readMs: number; cancelAfter?: number }) {
    const clock = new FakeClock();
    const plan: PlannedRead<string>[] = ids(count).map((id) => ({ item: id, offsetMs: readOffsetMs(id, options.spreadMs) }));
    let inFlight = 0;
    let maxInFlight = 0;
    const started = new Map<string, number>();
    const round = runRound(plan, { concurrency: options.concurrency, startedAt: 0, clock, cancelled: () => options.cancelAfter !== undefined && started.size >= options.cancelAfter }, async (id) => {
      started.set(id, clock.now());
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await clock.sleep(options.readMs);
      inFlight--;
      if (id.endsWith('7')) throw new Error('a failing read must not stop the round');
    });
    const tookMs = await clock.drive(round);
    return { plan, started, maxInFlight, tookMs };
  }

  it('starts no read before its slot and never more than the bound at once', async () => {
    const { plan, started, maxInFlight } = await simulate(200, { concurrency: 8, spreadMs: 4_000, readMs: 300 });
    expect(started.size).toBe(200);
    expect(maxInFlight).toBe(8);
    for (const { item, offsetMs } of plan) expect(started.get(item)).toBeGreaterThanOrEqual(offsetMs);
  });

  it('reads 500 routers at 0.8 s each within a 10 s interval with the default bound of 50', async () => {
    const { spreadMs } = roundTiming(10);
    const { started, maxInFlight, tookMs } = await simulate(500, { concurrency: 50, spreadMs, readMs: 800 });
    expect(started.size).toBe(500);
    expect(maxInFlight).toBeLessThanOrEqual(50);
    expect(tookMs).toBeLessThan(10_000);
  });

  it('with fast routers the round lasts the spread, not a burst: reads keep to their slots', async () => {
    const { started, maxInFlight, tookMs } = await simulate(500, { concurrency: 50, spreadMs: 4_000, readMs: 20 });
    expect(tookMs).toBeGreaterThan(3_500);
    expect(tookMs).toBeLessThan(4_100);
    // 500 reads over 4 s at 20 ms each: 2.5 at once on average, a few more where slots bunch; never a burst of 50.
    expect(maxInFlight).toBeLessThanOrEqual(15);
    expect(Math.max(...started.values())).toBeGreaterThan(3_500);
  });

  it('starts nothing more once cancelled, and waits for what runs', async () => {
    const { started } = await simulate(100, { concurrency: 5, spreadMs: 1_000, readMs: 50, cancelAfter: 10 });
    expect(started.size).toBe(10);
  });
});
