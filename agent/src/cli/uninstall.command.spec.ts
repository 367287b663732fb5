import { branchState } from '../__fixtures__/desired-states';
import { FakeLinuxSystem } from '../__fixtures__/fake-linux-system';
import type { AppliedRecord } from '../state/agent-state.store';
import { removeAppliedState } from './uninstall.command';

describe('removeAppliedState', () => {
  const state = branchState();
  const record = (nft: boolean): AppliedRecord => ({ revision: 3, state, nftRecord: nft ? { scriptDigest: 'd', listing: 'table inet wom {}' } : null, appliedAtMs: 0 });

  it('removes the interface it made and the table it loaded, and nothing else', async () => {
    const system = new FakeLinuxSystem();
    system.link = { name: state.interface.name, up: true, mtu: 1420 };
    system.table = 'table inet wom {}';
    expect(await removeAppliedState(system.ports, record(true))).toEqual([`interface ${state.interface.name}`, 'nftables table inet wom']);
    expect(system.calls).toEqual(['link del', 'nft delete table']);
  });

  it('leaves a table it never loaded, and says so when there was nothing left', async () => {
    const system = new FakeLinuxSystem();
    system.table = 'someone else’s table';
    expect(await removeAppliedState(system.ports, record(false))).toEqual([]);
    expect(system.table).toBe('someone else’s table');
    expect(await removeAppliedState(system.ports, null)).toEqual([]);
  });
});
