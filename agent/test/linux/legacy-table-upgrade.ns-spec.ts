import { instanceNftTable } from '@wom/renderers';
import type { ApplyResult } from '../../src/linux/linux-apply.service';
import { privilegedSkipReason, requireTools } from '../support/netns';
import type { AgentInstance } from './two-agents.lab';
import { expectNoLoss } from './phase-pings';
import { FOREIGN_TABLE, TwoAgentLab } from './two-agents.lab';

/**
 * Agents from before per-instance tables loaded their rules into the shared `inet wom` and
 * recorded its listing without a table name. The new agent, restarting with that record,
 * loads its own table and drops `inet wom` in the same transaction, but only when the live
 * table is the one it recorded: with two old agents on one box, the last one to load it.
 */

const skip = privilegedSkipReason();
if (skip !== null) console.warn(`Skipping the agent namespace specs: ${skip}.`);
const describePrivileged = skip === null ? describe : describe.skip;

const nftMessage = (results: readonly ApplyResult[]) => results[0]?.steps.find((step) => step.name === 'nftables')?.message;

describePrivileged('upgrading from the shared table inet wom, in network namespaces', () => {
  let lab: TwoAgentLab;
  let foreign: { route: string; table: string };
  const tableOf = (instance: AgentInstance) => `table inet ${instanceNftTable(instance.interfaceName).name}`;
  const FOREIGN = `table inet ${FOREIGN_TABLE}`;
  /** What a restarted agent does first: apply the state in applied.json with the record stored beside it. */
  const restart = (instance: AgentInstance) => instance.applyRevision(instance.revision, { remote: false });

  beforeAll(() => {
    requireTools();
    lab = TwoAgentLab.create();
    foreign = lab.foreignState();
  }, 60_000);

  afterAll(() => {
    if (lab !== undefined) console.log(lab.report('legacy upgrade'));
    lab?.dispose();
  });

  it('moves an agent from inet wom to its own table in one transaction, leaving one table and losing no packet', async () => {
    const a = lab.a;
    expect((await a.applyRevision(1)).map((r) => r.ok)).toEqual([true, true]);
    await a.becomeLegacy();
    expect(lab.tables()).toEqual([FOREIGN, 'table inet wom']);
    expect((await a.store.readApplied())?.nftRecord).not.toHaveProperty('table');

    let results: ApplyResult[] = [];
    expectNoLoss(await lab.measure('a pinged while a upgrades', a, async () => void (results = await restart(a))));
    expect(results.map((r) => r.ok)).toEqual([true]);
    expect(nftMessage(results)).toBe(`${tableOf(a)} loaded; removed table inet wom, which this agent loaded before`);
    expect(lab.tables()).toEqual([FOREIGN, tableOf(a)]);
    expect((await a.store.readApplied())?.nftRecord?.table).toEqual(instanceNftTable(a.interfaceName));
    // Upgraded, a restart changes nothing.
    expect((await restart(a))[0]?.steps.filter((step) => !step.unchanged)).toEqual([]);
    expect(lab.foreignState()).toEqual(foreign);
  }, 180_000);

  it('moves two agents that shared inet wom: the one whose rules were replaced leaves it, the last to load it removes it', async () => {
    const [a, b] = [lab.a, lab.b];
    await a.becomeLegacy();
    expect((await b.applyRevision(1)).map((r) => r.ok)).toEqual([true, true]);
    await b.becomeLegacy();
    expect(lab.tables()).toEqual([FOREIGN, 'table inet wom']);
    // As with the old agents: b's load replaced the shared table, and a's translation with it.
    const aPath = lab.pingPath(a);
    expect(aPath.from.succeeds('ping', ['-c', '2', '-W', '1', aPath.to])).toBe(false);

    let results: ApplyResult[] = [];
    expectNoLoss(await lab.measure('b pinged while a upgrades', b, async () => void (results = await restart(a))));
    expect(nftMessage(results)).toBe(`${tableOf(a)} loaded; left table inet wom alone: it changed since this agent loaded it`);
    expect(lab.tables()).toEqual([FOREIGN, 'table inet wom', tableOf(a)].sort());
    expect(await lab.reachable(a)).toBe(true);

    const both = await lab.measure('a pinged while b upgrades', a, async () => {
      expectNoLoss(await lab.measure('b pinged while b upgrades', b, async () => void (results = await restart(b))));
    });
    expectNoLoss(both);
    expect(nftMessage(results)).toBe(`${tableOf(b)} loaded; removed table inet wom, which this agent loaded before`);
    expect(lab.tables()).toEqual([FOREIGN, tableOf(a), tableOf(b)].sort());
    expect(lab.foreignState()).toEqual(foreign);
  }, 180_000);
});
