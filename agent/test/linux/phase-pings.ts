import { spawn } from 'node:child_process';
import type { Namespace } from '../support/netns';
import { ContinuousPing, delay } from '../support/netns';

/**
 * Loss through one path while something happens elsewhere, by two measures: a 10/s ping (one
 * flow for the whole phase) and single pings from new processes beside it (a new flow each).
 */

export interface PhaseResult {
  readonly phase: string;
  /** The 10/s ping: one ICMP flow for the whole phase. */
  readonly sent: number;
  readonly lost: readonly number[];
  /** Single pings from new processes during the phase, each a new flow (see {@link FreshFlows}). */
  readonly freshFlows: { readonly sent: number; readonly failed: number };
}

/** Nothing lost, by either measure, over a phase long enough to mean something. */
export function expectNoLoss(result: PhaseResult): void {
  expect(result.sent).toBeGreaterThanOrEqual(15);
  expect(result.lost).toEqual([]);
  expect(result.freshFlows.sent).toBeGreaterThanOrEqual(2);
  expect(result.freshFlows.failed).toBe(0);
}

/**
 * Runs `action` under both measures, with a second of pinging before it and one after (the
 * latter is ContinuousPing's own), so a lapse as the action starts or ends shows too. The
 * result reaches `record` even when the action throws.
 */
export async function measurePings(phase: string, from: Namespace, to: string, action: () => Promise<void>, record: (result: PhaseResult) => void): Promise<PhaseResult> {
  const ping = ContinuousPing.start(from, to);
  const fresh = FreshFlows.start(from, to);
  let result: PhaseResult | undefined;
  try {
    await delay(1_000);
    await action();
  } finally {
    const freshFlows = await fresh.stop();
    result = { phase, ...(await ping.stop()), freshFlows };
    record(result);
  }
  return result;
}

/**
 * Single pings from new processes, one after another, until stopped. Each has a new ICMP id,
 * so conntrack sees a new flow that the NAT rules must translate afresh. The continuous ping
 * cannot show a lost rule: its one flow keeps the translation conntrack gave it even after the
 * rule is gone, so it would pass while a replaced table broke every new connection.
 */
class FreshFlows {
  private stopped = false;
  private readonly done: Promise<{ sent: number; failed: number }>;

  private constructor(from: Namespace, to: string) {
    this.done = this.loop(from, to);
  }

  static start(from: Namespace, to: string): FreshFlows {
    return new FreshFlows(from, to);
  }

  stop(): Promise<{ sent: number; failed: number }> {
    this.stopped = true;
    return this.done;
  }

  /** Bounded by count as well as by stop(), and each ping by its own deadline. */
  private async loop(from: Namespace, to: string): Promise<{ sent: number; failed: number }> {
    let [sent, failed] = [0, 0];
    while (!this.stopped && sent < 600) {
      sent += 1;
      if (!(await pingOnce(from, to))) failed += 1;
    }
    return { sent, failed };
  }
}

function pingOnce(from: Namespace, to: string): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn('ip', ['netns', 'exec', from.name, 'ping', '-n', '-c', '1', '-W', '2', to], { stdio: 'ignore', timeout: 10_000 });
    child.once('error', () => resolve(false));
    child.once('exit', (code) => resolve(code === 0));
  });
}
