import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, jwtAuthenticator, type NatsConnection } from '@nats-io/transport-node';
import { natsTlsOptions } from '@wom/contracts';
import { delay } from '../agent/test/support/netns';
import { OutageLab } from '../agent/test/support/outage-lab';
import { agentIdOf, REPO_ROOT, startAgent } from '../agent/test/support/processes';
import { median, percentile, type CaseOutcome } from './measure';

const RUNS = 20;
/** NATS stays down this long in each run (WOM_BENCH_OUTAGE_SECONDS shortens it for a quick look). */
const OUTAGE_MS = Number(process.env['WOM_BENCH_OUTAGE_SECONDS'] ?? 60) * 1000;
const DEADLINE_MS = 60_000;

/**
 * Three agents on real tunnels. Each run: NATS stops, a change gives every site a new revision,
 * the control plane stops; after the outage NATS and the control plane come back, in
 * alternating order, a second apart. Timed from the moment both are back until every agent
 * holds its current revision. The floor is a bare NATS client, connected the same way before
 * the outage, reconnecting after it.
 */
async function outageConvergence(): Promise<CaseOutcome> {
  const outage = await OutageLab.create(3);
  try {
    if ((await outage.timeToConverge(60_000)) === null) throw new Error('the lab did not converge at the start');
    const runs: number[] = [];
    const floors: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const bare = await bareClient(outage);
      // Watched from before the outage: a reconnect that happens before a late watcher starts is never seen.
      // The floor is a comparison only: a run whose bare client is slow to come back (a loaded machine) just has none.
      const bareReconnected = reconnected(bare, OUTAGE_MS + 3 * DEADLINE_MS).catch(() => null);
      await outage.stopNats();
      await outage.changeEverySite(run + 1);
      await outage.stopControlPlane();
      await delay(OUTAGE_MS);
      const natsFirst = run % 2 === 0;
      let natsBackAt = 0;
      const natsBack = async () => {
        await outage.startNats();
        natsBackAt = Date.now();
      };
      if (natsFirst) {
        await natsBack();
        await delay(1_000);
        await outage.startControlPlane();
      } else {
        await outage.startControlPlane();
        await delay(1_000);
        await natsBack();
      }
      const ms = await outage.timeToConverge(DEADLINE_MS);
      if (ms === null) throw new Error(`run ${run + 1}: agents did not converge within ${DEADLINE_MS} ms`);
      runs.push(ms);
      const bareBackAt = await bareReconnected;
      if (bareBackAt !== null) floors.push(Math.max(0, bareBackAt - natsBackAt));
      await bare.close();
    }
    const p99 = percentile(runs, 99);
    const floor = median(floors);
    return {
      name: `agents after a ${OUTAGE_MS / 1000} s NATS outage with the control plane restarted, back in either order: every agent at the current revision`,
      target: 'p99 ≤ 5 s',
      limitMs: 5_000,
      medianMs: median(runs),
      passed: p99 <= 5_000,
      runs: [median(runs), p99],
      notes: `median column is the p50; runs are p50, p99 over ${RUNS} runs (alternating which comes back first). Floor: a bare NATS client reconnecting after the same outage, median ${floor} ms over ${floors.length} runs (p99 ${(p99 / Math.max(1, floor)).toFixed(1)}× of it).`,
    };
  } finally {
    await outage.dispose();
  }
}

/** A plain client with an agent's credentials and the agents' reconnect settings, doing nothing else. */
function bareClient(outage: OutageLab): Promise<NatsConnection> {
  const [seed, jwt, ca] = ['nats.seed', 'nats.jwt', 'nats-ca.pem'].map((file) => readFileSync(join(outage.stateDirs[0]!, file), 'utf8').trim());
  return connect({ servers: outage.natsUrl, tls: natsTlsOptions([outage.natsUrl], ca!), reconnectJitterTLS: 250, authenticator: jwtAuthenticator(jwt!, new TextEncoder().encode(seed!)), inboxPrefix: `_INBOX.${agentIdOf(outage.stateDirs[0]!)}`, maxReconnectAttempts: -1, reconnectTimeWait: 1_000, timeout: 3_000 });
}

/** When the connection reconnected after the outage; refused after `deadlineMs`, so a run never hangs on it. */
function reconnected(connection: NatsConnection, deadlineMs: number): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const watched = (async () => {
    for await (const status of connection.status()) if (status.type === 'reconnect') return Date.now();
    throw new Error('the bare client closed without reconnecting');
  })();
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`the bare client did not reconnect within ${deadlineMs} ms`)), deadlineMs)));
  return Promise.race([watched, deadline]).finally(() => clearTimeout(timer));
}

/**
 * A site reboots while NATS is down: the agent dies and the interface, routes and nftables go.
 * Timed from the agent's start until a ping through the tunnel to the hub answers. The floor
 * is starting the agent executable alone (`--version`).
 */
async function rebootRecovery(): Promise<CaseOutcome> {
  const outage = await OutageLab.create(2);
  try {
    if ((await outage.timeToConverge(60_000)) === null) throw new Error('the lab did not converge at the start');
    await outage.stopNats();
    const spoke = outage.lab.sites[1]!;
    const runs: number[] = [];
    for (let run = 0; run < 5; run++) {
      await outage.agents[1]!.stop('SIGKILL');
      spawnSync('ip', ['-n', spoke.site.name, 'link', 'del', spoke.interfaceName], { timeout: 10_000 });
      spawnSync('ip', ['netns', 'exec', spoke.site.name, 'nft', 'flush', 'ruleset'], { timeout: 10_000 });
      const started = Date.now();
      outage.agents[1] = startAgent(outage.stateDirs[1]!, spoke.site.name, spoke.interfaceName);
      let ms: number | null = null;
      while (ms === null && Date.now() - started < DEADLINE_MS) if (spoke.site.succeeds('ping', ['-c', '1', '-W', '1', '10.81.0.1'])) ms = Date.now() - started;
      if (ms === null) throw new Error(`run ${run + 1}: the tunnel did not come back within ${DEADLINE_MS} ms`);
      runs.push(ms);
    }
    const floorStarted = Date.now();
    spawnSync(`${REPO_ROOT}/agent/dist/wom-agent-linux-x64`, ['--version'], { timeout: 30_000 });
    const floorMs = Date.now() - floorStarted;
    return {
      name: 'site reboot with NATS down: the agent restores its stored state → traffic through the tunnel to the hub',
      target: '≤ 3 s',
      limitMs: 3_000,
      medianMs: median(runs),
      runs,
      notes: `floor: starting the agent executable alone ${floorMs} ms (ratio ${(median(runs) / floorMs).toFixed(1)}×). The agent starts a handshake with every peer it restored, so the hub's stale session does not matter.`,
    };
  } finally {
    await outage.dispose();
  }
}

export const OUTAGE_CASES: Record<string, () => Promise<CaseOutcome>> = {
  'outage-convergence': outageConvergence,
  'outage-reboot': rebootRecovery,
};
