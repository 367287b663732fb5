import { instanceNftTable } from '@wom/renderers';
import { removeAppliedState } from '../../src/linux/remove-applied-state';
import { detectDrift } from '../../src/drift/drift.detector';
import { DriftService, observeSystem } from '../../src/drift/drift.service';
import { LinuxApplyService } from '../../src/linux/linux-apply.service';
import { prepareState } from '../../src/linux/prepared-state';
import { privilegedSkipReason, requireTools } from '../support/netns';
import type { AgentInstance } from './two-agents.lab';
import { expectNoLoss } from './phase-pings';
import { FOREIGN_ROUTE, FOREIGN_TABLE, TwoAgentLab } from './two-agents.lab';

/**
 * Two agent instances on one box, each with its own interface, state directory and WAN, both
 * translating the same LAN (see two-agents.lab.ts). Whatever one does (apply revisions,
 * restart from scratch, drift-reconcile, uninstall), a 10/s ping through the other's
 * translation loses nothing, and a foreign `proto 87` route and nft table stay byte-identical.
 */

const skip = privilegedSkipReason();
if (skip !== null) console.warn(`Skipping the agent namespace specs: ${skip}.`);
const describePrivileged = skip === null ? describe : describe.skip;

const okResults = (results: readonly { ok: boolean; error: string | null }[]) => results.map((r) => [r.ok, r.error]);

describePrivileged('two agents on one box, in network namespaces', () => {
  let lab: TwoAgentLab;
  let foreign: { route: string; table: string };
  const tableOf = (instance: AgentInstance) => `table inet ${instanceNftTable(instance.interfaceName).name}`;
  const listing = (instance: AgentInstance) => lab.nft('-s', 'list', 'table', 'inet', instanceNftTable(instance.interfaceName).name);
  const routesOn = (instance: AgentInstance) => lab.box.site.ip('route', 'show', 'proto', '87', 'dev', instance.interfaceName);
  const other = (instance: AgentInstance) => (instance === lab.a ? lab.b : lab.a);

  beforeAll(() => {
    requireTools();
    lab = TwoAgentLab.create();
    foreign = lab.foreignState();
    expect(foreign.route).toContain(`${FOREIGN_ROUTE} dev lan0 proto 87`);
  }, 60_000);

  afterAll(() => {
    if (lab !== undefined) console.log(lab.report('two agents'));
    lab?.dispose();
  });

  it('installs the second instance beside the first without a lost packet, each with its own interface, table and routes', async () => {
    expect(okResults(await lab.a.applyRevision(1))).toEqual([[true, null], [true, null]]);
    expectNoLoss(await lab.measure('a pinged while b installs', lab.a, async () => expect(okResults(await lab.b.applyRevision(1))).toEqual([[true, null], [true, null]])));
    expect(await lab.reachable(lab.b)).toBe(true);
    expect(lab.tables()).toEqual([`table inet ${FOREIGN_TABLE}`, tableOf(lab.a), tableOf(lab.b)].sort());
    for (const instance of [lab.a, lab.b]) expect(routesOn(instance)).toContain(instance.wan.remoteTranslation);
    expect(lab.foreignState()).toEqual(foreign);
  }, 180_000);

  it.each(['b', 'a'] as const)('loses no packet through one instance while %s applies three new revisions', async (label) => {
    const acting = lab[label];
    const result = await lab.measure(`${other(acting).wan.label} pinged while ${label} applies revisions`, other(acting), async () => {
      for (let step = 0; step < 3; step++) expect(okResults(await acting.applyRevision(acting.revision + 1))).toEqual([[true, null], [true, null]]);
    });
    expectNoLoss(result);
    // The new revision moved the acting instance's routes; the other's stayed.
    expect(routesOn(acting)).toContain(`10.${acting.wan.extraOctet}.${acting.revision}.0/24`);
    expect(await lab.reachable(acting)).toBe(true);
    expect(lab.foreignState()).toEqual(foreign);
  }, 180_000);

  it.each(['b', 'a'] as const)('loses no packet through one instance while %s restarts and applies from scratch', async (label) => {
    const acting = lab[label];
    const before = listing(other(acting));
    expectNoLoss(
      await lab.measure(`${other(acting).wan.label} pinged while ${label} restarts`, other(acting), async () => {
        const [result] = await acting.applyRevision(acting.revision, { fromScratch: true, remote: false });
        expect(result).toMatchObject({ ok: true });
        expect(result?.steps.find((step) => step.name === 'wireguard')?.unchanged).toBe(true);
      }),
    );
    expect(listing(other(acting))).toBe(before);
    expect(lab.foreignState()).toEqual(foreign);
  }, 180_000);

  it('sees drift only in what each instance owns, and reconciles one without touching the other', async () => {
    const driftOf = async (instance: AgentInstance) => {
      const applied = (await instance.store.readApplied())!;
      const prepared = await prepareState(applied.state, instance.ports.resolver);
      const items = detectDrift(prepared, await observeSystem(instance.ports, instance.interfaceName), instance.keys.publicKey, applied.nftRecord);
      return items.map((item) => `${item.kind} ${item.area} ${item.key}`);
    };
    // The foreign route, the foreign table and the other instance's everything are not drift.
    expect(await driftOf(lab.a)).toEqual([]);
    expect(await driftOf(lab.b)).toEqual([]);

    const a = lab.a;
    const aTable = instanceNftTable(a.interfaceName).name;
    lab.box.site.ip('route', 'del', a.wan.remoteTranslation, 'dev', a.interfaceName);
    lab.nft('add', 'rule', 'inet', aTable, 'forward', 'counter');
    expect((await driftOf(a)).sort()).toEqual([`missing route ${a.wan.remoteTranslation}`, `mismatched nftables inet ${aTable}`].sort());
    expect(await driftOf(lab.b)).toEqual([]);

    const bBefore = [listing(lab.b), routesOn(lab.b)];
    const applied = (await a.store.readApplied())!;
    const prepared = await prepareState(applied.state, a.ports.resolver);
    const reapply = () => new LinuxApplyService(a.ports).apply({ state: applied.state, revision: applied.revision, privateKey: a.keys.privateKey, nftRecord: applied.nftRecord });
    await lab.measure('b pinged while a reconciles drift', lab.b, async () => {
      const check = await new DriftService(a.ports).check(prepared, a.keys.publicKey, applied.nftRecord, 'reconcile', reapply);
      expect(check.reconciled).toBe(true);
      await a.store.writeApplied({ ...applied, nftRecord: check.reconcile!.nftRecord });
    }).then(expectNoLoss);
    expect(await driftOf(a)).toEqual([]);
    expect([listing(lab.b), routesOn(lab.b)]).toEqual(bBefore);
    expect(await lab.reachable(a)).toBe(true);
    expect(lab.foreignState()).toEqual(foreign);
  }, 180_000);

  it('uninstalls one instance without a lost packet through the other, which keeps its table and routes', async () => {
    const [a, b] = [lab.a, lab.b];
    const bBefore = [listing(b), routesOn(b)];
    let removed: string[] = [];
    expectNoLoss(await lab.measure('b pinged while a uninstalls', b, async () => void (removed = await removeAppliedState(a.ports, await a.store.readApplied()))));
    expect(removed).toEqual([`interface ${a.interfaceName}`, `nftables table inet ${instanceNftTable(a.interfaceName).name}`]);
    expect(lab.tables()).toEqual([`table inet ${FOREIGN_TABLE}`, tableOf(b)].sort());
    expect([listing(b), routesOn(b)]).toEqual(bBefore);
    expect(lab.foreignState()).toEqual(foreign);

    expectNoLoss(await lab.measure('b pinged while a installs again', b, async () => expect(okResults(await a.applyRevision(a.revision, { fromScratch: true }))).toEqual([[true, null], [true, null]])));
    expectNoLoss(await lab.measure('a pinged while b uninstalls', a, async () => void (await removeAppliedState(b.ports, await b.store.readApplied()))));
    expect(lab.tables()).toEqual([`table inet ${FOREIGN_TABLE}`, tableOf(a)].sort());

    await removeAppliedState(a.ports, await a.store.readApplied());
    expect(lab.tables()).toEqual([`table inet ${FOREIGN_TABLE}`]);
    // Only the foreign route carries the marker now: each uninstall took its own routes and no other.
    const marked = JSON.parse(lab.box.site.ip('-j', 'route', 'show', 'proto', '87')) as { dst: string; dev: string }[];
    expect(marked.map((route) => `${route.dst} dev ${route.dev}`)).toEqual([`${FOREIGN_ROUTE} dev lan0`]);
    expect(lab.foreignState()).toEqual(foreign);
  }, 240_000);
});
