import { BRANCH_KEYS, branchState, HUB_KEYS } from '../__fixtures__/desired-states';
import { FakeLinuxSystem } from '../__fixtures__/fake-linux-system';
import { LinuxApplyService } from '../linux/linux-apply.service';
import { prepareState } from '../linux/prepared-state';
import { detectDrift } from './drift.detector';
import { DriftService, observeSystem } from './drift.service';

const STRANGER = 'TrMvSoP4jYQlY6RIzBgbssQqY3vxI2Pi+y71lOWWXX0=';

describe('drift', () => {
  async function appliedSystem() {
    const system = new FakeLinuxSystem();
    const state = branchState();
    const outcome = await new LinuxApplyService(system.ports).apply({ state, revision: 3, privateKey: BRANCH_KEYS.privateKey, nftRecord: null });
    const prepared = await prepareState(state, system.ports.resolver);
    return { system, prepared, nftRecord: outcome.nftRecord };
  }

  it('finds none right after an apply', async () => {
    const { system, prepared, nftRecord } = await appliedSystem();
    expect(detectDrift(prepared, await observeSystem(system.ports, 'wg-unit'), BRANCH_KEYS.publicKey, nftRecord)).toEqual([]);
  });

  it('reports unknown, missing and mismatched items in every area', async () => {
    const { system, prepared, nftRecord } = await appliedSystem();
    const hub = system.peers.get(HUB_KEYS.publicKey)!;
    system.peers.set(HUB_KEYS.publicKey, { ...hub, allowedIps: ['10.0.0.1/32'] });
    system.peers.set(STRANGER, { ...hub, publicKey: STRANGER, allowedIps: ['10.9.9.9/32'] });
    system.addresses = ['10.0.0.99/32'];
    system.routes = system.routes.filter((r) => r.destination !== '10.0.5.0/24').concat({ destination: '172.16.1.0/24', device: 'wg-unit' });
    system.table = 'flushed';
    system.forwarding = '0';
    system.listenPort = 4444;
    system.link = { ...system.link!, mtu: 1280, up: false };
    const items = detectDrift(prepared, await observeSystem(system.ports, 'wg-unit'), BRANCH_KEYS.publicKey, nftRecord);
    expect(items.map((i) => `${i.kind} ${i.area} ${i.key}`)).toEqual([
      'mismatched interface wg-unit.state',
      'mismatched interface wg-unit.listenPort',
      `mismatched wireguard-peer ${HUB_KEYS.publicKey}`,
      `unknown wireguard-peer ${STRANGER}`,
      'missing address 10.0.0.2/32',
      'unknown address 10.0.0.99/32',
      'missing route 10.0.5.0/24',
      'unknown route 172.16.1.0/24',
      'mismatched nftables inet wom_wg-unit',
      'mismatched forwarding net.ipv4.ip_forward',
    ]);
    expect(items.find((i) => i.area === 'wireguard-peer' && i.kind === 'mismatched')?.actual).toContain('allowed-ips=10.0.0.1/32');
  });

  it('looks only at what the instance owns: not a marked route on another device, nor another table', async () => {
    const { system, prepared, nftRecord } = await appliedSystem();
    system.routes.push({ destination: '172.16.9.0/24', device: 'lan0' }, { destination: '10.1.0.0/24', device: 'wg-other' });
    system.tables.set('inet wom_wg-other', 'table inet wom_wg-other { another agent }');
    system.tables.set('inet someone_else', 'table inet someone_else { x }');
    expect(detectDrift(prepared, await observeSystem(system.ports, 'wg-unit'), BRANCH_KEYS.publicKey, nftRecord)).toEqual([]);
  });

  it('does not take the record of the shared table of an older agent for its own table', async () => {
    const { system, prepared, nftRecord } = await appliedSystem();
    const legacy = { scriptDigest: nftRecord!.scriptDigest, listing: nftRecord!.listing };
    const items = detectDrift(prepared, await observeSystem(system.ports, 'wg-unit'), BRANCH_KEYS.publicKey, legacy);
    expect(items.map((i) => `${i.kind} ${i.area} ${i.key}`)).toEqual(['mismatched nftables inet wom_wg-unit']);
    system.tables.delete('inet wom_wg-unit');
    const missing = detectDrift(prepared, await observeSystem(system.ports, 'wg-unit'), BRANCH_KEYS.publicKey, legacy);
    expect(missing.map((i) => `${i.kind} ${i.area} ${i.key}`)).toEqual(['missing nftables inet wom_wg-unit']);
  });

  it('reports a missing interface as one item, and never the private key', async () => {
    const { system, prepared, nftRecord } = await appliedSystem();
    system.link = null;
    const items = detectDrift(prepared, await observeSystem(system.ports, 'wg-unit'), BRANCH_KEYS.publicKey, nftRecord);
    expect(items).toEqual([{ kind: 'missing', area: 'interface', key: 'wg-unit', expected: 'a WireGuard interface', actual: 'absent' }]);
    expect(JSON.stringify(items)).not.toContain(BRANCH_KEYS.privateKey);
  });

  it('reports a foreign key on the device by its public half', async () => {
    const { system, prepared, nftRecord } = await appliedSystem();
    system.privateKey = HUB_KEYS.privateKey;
    const items = detectDrift(prepared, await observeSystem(system.ports, 'wg-unit'), BRANCH_KEYS.publicKey, nftRecord);
    expect(items).toEqual([{ kind: 'mismatched', area: 'interface', key: 'wg-unit.publicKey', expected: BRANCH_KEYS.publicKey, actual: HUB_KEYS.publicKey }]);
  });

  it('only reports under the report policy, and repairs under reconcile', async () => {
    const { system, prepared, nftRecord } = await appliedSystem();
    system.peers.delete(HUB_KEYS.publicKey);
    const service = new DriftService(system.ports, () => 42);
    const reapply = () => new LinuxApplyService(system.ports).apply({ state: prepared.state, revision: 3, privateKey: BRANCH_KEYS.privateKey, nftRecord });
    const reported = await service.check(prepared, BRANCH_KEYS.publicKey, nftRecord, 'report', reapply);
    expect(reported).toMatchObject({ reconciled: false, reconcile: null, detectedAtMs: 42 });
    expect(system.peers.has(HUB_KEYS.publicKey)).toBe(false);
    const reconciled = await service.check(prepared, BRANCH_KEYS.publicKey, nftRecord, 'reconcile', reapply);
    expect(reconciled.reconciled).toBe(true);
    expect(system.peers.has(HUB_KEYS.publicKey)).toBe(true);
    expect(await service.check(prepared, BRANCH_KEYS.publicKey, nftRecord, 'reconcile', reapply)).toMatchObject({ items: [], reconcile: null });
  });
});
