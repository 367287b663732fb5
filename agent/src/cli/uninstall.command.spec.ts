import { branchState } from '../__fixtures__/desired-states';
import { FakeLinuxSystem } from '../__fixtures__/fake-linux-system';
import type { NftRecord } from '../linux/linux-apply.service';
import type { AppliedRecord } from '../state/agent-state.store';
import { removeAppliedState } from '../linux/remove-applied-state';

describe('removeAppliedState', () => {
  const state = branchState();
  const OWN = 'inet wom_wg-unit';
  const record = (nftRecord: NftRecord | null): AppliedRecord => ({ revision: 3, state, nftRecord, appliedAtMs: 0 });
  const ownRecord: NftRecord = { table: { family: 'inet', name: 'wom_wg-unit' }, scriptDigest: 'd', listing: 'table inet wom_wg-unit {}' };
  const legacyRecord: NftRecord = { scriptDigest: 'd', listing: 'table inet wom { ours }' };

  let system: FakeLinuxSystem;
  beforeEach(() => {
    system = new FakeLinuxSystem();
    system.link = { name: state.interface.name, up: true, mtu: 1420 };
    system.tables.set(OWN, ownRecord.listing);
    system.tables.set('inet someone_else', 'table inet someone_else { x }');
    system.tables.set('inet wom_wg-other', 'table inet wom_wg-other { another agent }');
    system.routes.push({ destination: '10.0.0.0/24', device: 'wg-unit' }, { destination: '172.16.9.0/24', device: 'lan0' }, { destination: '10.1.0.0/24', device: 'wg-other' });
  });

  it.each<[string, NftRecord | null, string | null, string[], string[]]>([
    ['its interface and its own table', ownRecord, null, [OWN], ['inet someone_else', 'inet wom_wg-other']],
    ['its own table even without a record of it: the name says whose it is', null, null, [OWN], ['inet someone_else', 'inet wom_wg-other']],
    ['the shared inet wom too, when it is exactly what this agent recorded', legacyRecord, legacyRecord.listing, [OWN, 'inet wom'], ['inet someone_else', 'inet wom_wg-other']],
    ['not the shared inet wom when another agent loaded it since', legacyRecord, 'table inet wom { theirs }', [OWN], ['inet someone_else', 'inet wom', 'inet wom_wg-other']],
    ['not the shared inet wom when this agent never recorded loading it', ownRecord, 'table inet wom { theirs }', [OWN], ['inet someone_else', 'inet wom', 'inet wom_wg-other']],
  ])('removes %s, and nothing of anyone else', async (_what, nftRecord, legacyLive, removedTables, left) => {
    if (legacyLive !== null) system.tables.set('inet wom', legacyLive);
    const removed = await removeAppliedState(system.ports, record(nftRecord));
    expect(removed).toEqual([`interface ${state.interface.name}`, ...removedTables.map((table) => `nftables table ${table}`)]);
    expect([...system.tables.keys()].sort()).toEqual(left);
    expect(system.routes).toEqual([{ destination: '172.16.9.0/24', device: 'lan0' }, { destination: '10.1.0.0/24', device: 'wg-other' }]);
  });

  it('says so when there was nothing left, and does nothing without an applied record', async () => {
    expect(await removeAppliedState(system.ports, null)).toEqual([]);
    expect(system.calls).toEqual([]);
    await removeAppliedState(system.ports, record(ownRecord));
    system.calls.length = 0;
    expect(await removeAppliedState(system.ports, record(ownRecord))).toEqual([]);
    expect(system.calls).toEqual([]);
  });
});
