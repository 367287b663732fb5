import { spawnSync } from 'node:child_process';
import { delay, privilegedSkipReason, requireTools } from '../support/netns';
import { OutageLab } from '../support/outage-lab';
import { startAgent } from '../support/processes';

/**
 * Agents after outages, on real tunnels: NATS and the control plane go away and come back in
 * either order while a change is pending, and every agent must reach the current revision by
 * itself (its pull is retried; the control plane announces revisions when it connects). A site
 * rebooted while NATS is down must get its tunnel back from its stored state.
 *
 * The deadlines are generous (shorter than the control plane's 30 s announcement period, so an
 * agent that converges only by luck still fails); the figures themselves are measured by
 * `npm run bench` (outage-convergence).
 */

const skip = privilegedSkipReason();
if (skip !== null) console.warn(`Skipping the outage end-to-end spec: ${skip}.`);
const describePrivileged = skip === null ? describe : describe.skip;

const OUTAGE_MS = 3_000;
const CONVERGE_DEADLINE_MS = 20_000;

describePrivileged('agents through NATS and control-plane outages', () => {
  let outage: OutageLab;
  let round = 0;

  beforeAll(async () => {
    requireTools([
      ['psql', 'postgresql-client'],
      ['nats-server', 'nats-server'],
    ]);
    outage = await OutageLab.create(3);
    expect(await outage.timeToConverge(60_000)).not.toBeNull();
  }, 600_000);

  afterAll(async () => {
    await outage?.dispose();
  }, 60_000);

  async function outageThenBack(first: 'nats' | 'control plane'): Promise<number | null> {
    round++;
    await outage.stopNats();
    // Made while NATS is away: no agent can hear of it until both are back.
    await outage.changeEverySite(round);
    await outage.stopControlPlane();
    await delay(OUTAGE_MS);
    if (first === 'nats') {
      await outage.startNats();
      await delay(1_000);
      await outage.startControlPlane();
    } else {
      await outage.startControlPlane();
      await delay(1_000);
      await outage.startNats();
    }
    return outage.timeToConverge(CONVERGE_DEADLINE_MS);
  }

  it.each(['nats', 'control plane'] as const)('every agent reaches the current revision after an outage when %s comes back first', async (first) => {
    for (let run = 0; run < 2; run++) {
      const ms = await outageThenBack(first);
      if (ms === null) {
        const report = outage.desiredRevisions().map((revision, i) => `site ${i}: desired ${revision}\n${outage.log(i)}`);
        throw new Error(`agents did not converge within ${CONVERGE_DEADLINE_MS} ms of both being back:\n${report.join('\n')}`);
      }
      console.log(`${first} back first, run ${run + 1}: converged ${ms} ms after both were back`);
    }
  }, 300_000);

  it('a site rebooted while NATS is down has its tunnel back from its stored state', async () => {
    const spoke = outage.lab.sites[1]!;
    const hubTunnelIp = '10.81.0.1';
    expect(spoke.site.succeeds('ping', ['-c', '1', '-W', '2', hubTunnelIp])).toBe(true);
    await outage.stopNats();
    // The reboot: the agent dies, and the interface, its routes and the nftables tables go.
    await outage.agents[1]!.stop('SIGKILL');
    spawnSync('ip', ['-n', spoke.site.name, 'link', 'del', spoke.interfaceName], { timeout: 10_000 });
    spawnSync('ip', ['netns', 'exec', spoke.site.name, 'nft', 'flush', 'ruleset'], { timeout: 10_000 });
    expect(spoke.site.succeeds('ip', ['link', 'show', spoke.interfaceName])).toBe(false);

    const started = Date.now();
    outage.agents[1] = startAgent(outage.stateDirs[1]!, spoke.site.name, spoke.interfaceName);
    let restoredMs: number | null = null;
    while (restoredMs === null && Date.now() - started < CONVERGE_DEADLINE_MS) {
      if (spoke.site.succeeds('ping', ['-c', '1', '-W', '1', hubTunnelIp])) restoredMs = Date.now() - started;
    }
    if (restoredMs === null) throw new Error(`the tunnel did not come back within ${CONVERGE_DEADLINE_MS} ms:\n${outage.log(1)}`);
    console.log(`site reboot with NATS down: tunnel traffic restored ${restoredMs} ms after the agent started`);
    // The agent's log reaches the pipe a little later than its effect reaches the network.
    for (let i = 0; i < 100 && !/restored revision \d+: ok/.test(outage.agents[1]!.output); i++) await delay(100);
    expect(outage.agents[1]!.output).toMatch(/restored revision \d+: ok/);
    await outage.startNats();
  }, 120_000);
});
