import { PullRetry } from './pull-retry';

describe('PullRetry', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('retries after a doubling pause capped at 2 s, keeps one retry pending at a time, and logs a streak once', () => {
    const lines: string[] = [];
    // A random of 0.5 makes the jitter factor exactly 1.
    const retry = new PullRetry((line) => lines.push(line), () => 0.5);
    let pulls = 0;
    const again = () => pulls++;
    for (const [attempt, pause] of [250, 500, 1_000, 2_000, 2_000].entries()) {
      retry.failed(new Error('no responders'), again);
      retry.failed(new Error('no responders'), again);
      jest.advanceTimersByTime(pause - 1);
      expect([attempt, pulls]).toEqual([attempt, attempt]);
      jest.advanceTimersByTime(1);
      expect([attempt, pulls]).toEqual([attempt, attempt + 1]);
    }
    expect(lines).toEqual(['pull: no responders; retrying until the control plane answers']);
    retry.succeeded();
    expect(lines[1]).toBe('pull: answered after 10 failed attempt(s)');
    retry.failed(new Error('timeout'), again);
    jest.advanceTimersByTime(250);
    expect(pulls).toBe(6);
  });

  it('waits briefly for a first answer, longer after each timeout (capped), and briefly again once answered', () => {
    const retry = new PullRetry(() => undefined, () => 0.5);
    expect(retry.answerWaitMs()).toBe(3_000);
    retry.failed(new Error('no responders'), () => undefined);
    expect(retry.answerWaitMs()).toBe(3_000);
    const waits = [1, 2, 3].map(() => {
      retry.failed(new Error('TIMEOUT'), () => undefined);
      return retry.answerWaitMs();
    });
    expect(waits).toEqual([6_000, 12_000, 12_000]);
    retry.succeeded();
    expect(retry.answerWaitMs()).toBe(3_000);
  });

  it('cancels a pending retry', () => {
    const retry = new PullRetry(() => undefined, () => 0.5);
    let pulls = 0;
    retry.failed(new Error('x'), () => pulls++);
    retry.cancel();
    jest.advanceTimersByTime(10_000);
    expect(pulls).toBe(0);
  });
});
