import { delay } from '../agent/test/support/netns';
import { RouterAgentLab } from '../agent/test/support/router-agent-lab';
import { median, type CaseOutcome } from './measure';

const RUNS = 5;
/** Per RouterOS call, so the kill lands mid-deploy rather than after it. */
const LATENCY_MS = 120;

/**
 * A router only a site agent reaches (an emulated RouterOS in the site's LAN namespace, the
 * agent on real tunnels, the control plane outside). Each run: a deployment starts, the agent
 * is SIGKILLed after the router's first few writes and started again; timed from that start
 * until the job is final with the router restored from its backup. Floor, in the same run: the
 * agent bundle's own start to `--version` and exit, what any recovery after a restart must wait for.
 */
async function agentCrashRecovery(): Promise<CaseOutcome> {
  const lab = await RouterAgentLab.create({ JOB_LEASE_SECONDS: '8', MONITOR_INTERVAL_SECONDS: '0' });
  try {
    await lab.emulator.setLatency(LATENCY_MS);
    const runs: number[] = [];
    let restoredExactly = 0;
    for (let run = 0; run < RUNS; run++) {
      if (lab.agent?.child.exitCode !== null || lab.agent.child.signalCode !== null) lab.startAgent();
      await lab.idle();
      const before = JSON.stringify(await lab.configuration());
      const writesBefore = await lab.emulator.writes();
      const id = await lab.deploy();
      await lab.until(async () => (await lab.emulator.writes()) >= writesBefore + 2 + run, 'the deployment did not write');
      await lab.agent!.stop('SIGKILL');
      const restartedAt = performance.now();
      lab.startAgent();
      await lab.restored(id);
      runs.push(performance.now() - restartedAt);
      if (JSON.stringify(await lab.configuration()) === before) restoredExactly++;
      await delay(200);
    }
    const floor = await lab.agentStartMs();
    const ms = median(runs);
    return {
      name: 'router behind a site agent: agent SIGKILLed mid-deploy and restarted → router restored from its backup and the job final',
      target: '≤ 10 s after the restart',
      limitMs: 10_000,
      medianMs: ms,
      runs,
      notes: `${RUNS} runs, killed after 2 to ${RUNS + 1} writes, ${LATENCY_MS} ms per RouterOS call; router byte-identical to its backup after ${restoredExactly} of ${RUNS}. Floor: the agent's own start to --version, ${Math.round(floor)} ms (ratio ${(ms / floor).toFixed(1)}×).`,
      passed: Math.max(...runs) <= 10_000 && restoredExactly === RUNS,
    };
  } finally {
    await lab.dispose();
  }
}

export const ROUTER_RECOVERY_CASES: Record<string, () => Promise<CaseOutcome>> = {
  'agent-crash-router-recovery': agentCrashRecovery,
};
