import { BRANCH_KEYS, branchState, HUB_KEYS } from '../__fixtures__/desired-states';
import { FakeLinuxSystem } from '../__fixtures__/fake-linux-system';
import type { NftRecord } from './linux-apply.service';
import { LinuxApplyService } from './linux-apply.service';

describe('LinuxApplyService', () => {
  let system: FakeLinuxSystem;
  let service: LinuxApplyService;
  let clock: number;
  const apply = (state = branchState(), nftRecord: NftRecord | null = null, revision = 1) =>
    service.apply({ state, revision, privateKey: BRANCH_KEYS.privateKey, nftRecord });

  beforeEach(() => {
    system = new FakeLinuxSystem();
    clock = 1_000;
    service = new LinuxApplyService(system.ports, () => (clock += 5));
  });

  it('builds the whole state on a bare box, in order, and reports every step', async () => {
    const { result } = await apply();
    expect(result).toMatchObject({ revision: 1, ok: true, failedStep: null, error: null });
    expect(result.steps.map((s) => [s.name, s.ok])).toEqual([
      ['validate', true],
      ['interface', true],
      ['wireguard', true],
      ['addresses', true],
      ['routes', true],
      ['nftables', true],
      ['forwarding', true],
    ]);
    expect(system.calls).toEqual([
      'create wg-unit',
      'link up',
      'private-key',
      'listen-port 51820',
      'peers add',
      'addr add 10.0.0.2/32',
      'route add 10.0.0.0/24',
      'route add 10.0.5.0/24',
      'nft -f',
      'sysctl 1',
    ]);
    // The hub's name endpoint is resolved to what `wg show` would print.
    expect(system.peers.get(HUB_KEYS.publicKey)?.endpoint).toBe('198.51.100.1:51820');
  });

  it('changes nothing when applied again with the record of the loaded table', async () => {
    const first = await apply();
    system.calls.length = 0;
    const second = await apply(branchState(), first.nftRecord, 2);
    expect(second.result.ok).toBe(true);
    expect(system.calls).toEqual([]);
    expect(second.result.steps.every((s) => s.unchanged)).toBe(true);
  });

  it('edits only what a new revision changes, and never sends the listen port again', async () => {
    const first = await apply();
    system.calls.length = 0;
    const { result } = await apply(branchState({ withService: true, keepalive: 15 }), first.nftRecord, 2);
    expect(result.ok).toBe(true);
    // The keepalive is the branch's own, so only its hub entry is updated.
    expect(system.calls).toEqual(['peers update', 'addr add 10.0.5.1/32', 'nft -f']);
    expect(system.calls.some((c) => c.startsWith('listen-port'))).toBe(false);
  });

  it('loads the table again when someone changed it since', async () => {
    const first = await apply();
    system.table = 'edited by hand';
    system.calls.length = 0;
    await apply(branchState(), first.nftRecord, 2);
    expect(system.calls).toEqual(['nft -f']);
  });

  it('loads its own table, named after its interface, and records which one', async () => {
    const { nftRecord } = await apply();
    expect([...system.tables.keys()]).toEqual(['inet wom_wg-unit']);
    expect(nftRecord).toMatchObject({ table: { family: 'inet', name: 'wom_wg-unit' }, listing: system.tables.get('inet wom_wg-unit') });
  });

  it('leaves a marked route on another device and a table it does not own alone', async () => {
    const foreign = { destination: '172.16.9.0/24', device: 'lan0' };
    system.routes.push(foreign, { destination: '10.0.5.0/24', device: 'wg-other' });
    system.tables.set('inet someone_else', 'table inet someone_else { x }');
    system.tables.set('inet wom', 'table inet wom { another agent }');
    const first = await apply();
    await apply(branchState({ withService: true }), first.nftRecord, 2);
    expect(system.routes).toEqual(expect.arrayContaining([foreign, { destination: '10.0.5.0/24', device: 'wg-other' }]));
    expect(system.calls.filter((call) => call.startsWith('route del') || call.startsWith('nft delete'))).toEqual([]);
    expect(system.tables.get('inet someone_else')).toBe('table inet someone_else { x }');
    expect(system.tables.get('inet wom')).toBe('table inet wom { another agent }');
  });

  describe('upgrading from the shared table inet wom', () => {
    const legacyListing = 'table inet wom { loaded by this agent }';
    const legacyRecord = { scriptDigest: 'old', listing: legacyListing };

    it('loads its own table and removes inet wom in the same transaction when it is the one it recorded', async () => {
      system.tables.set('inet wom', legacyListing);
      const { result, nftRecord } = await apply(branchState(), legacyRecord);
      expect(result.ok).toBe(true);
      expect(system.calls.filter((call) => call.startsWith('nft'))).toEqual(['nft -f']);
      expect([...system.tables.keys()]).toEqual(['inet wom_wg-unit']);
      expect(result.steps.find((step) => step.name === 'nftables')?.message).toBe('table inet wom_wg-unit loaded; removed table inet wom, which this agent loaded before');
      expect(nftRecord?.table).toEqual({ family: 'inet', name: 'wom_wg-unit' });
    });

    it('leaves inet wom alone when it is not the table it recorded', async () => {
      system.tables.set('inet wom', 'table inet wom { loaded by another agent since }');
      const { result } = await apply(branchState(), legacyRecord);
      expect(result.steps.find((step) => step.name === 'nftables')?.message).toContain('left table inet wom alone');
      expect(system.tables.get('inet wom')).toBe('table inet wom { loaded by another agent since }');
    });

    it('changes nothing on the next apply', async () => {
      system.tables.set('inet wom', legacyListing);
      const first = await apply(branchState(), legacyRecord);
      system.calls.length = 0;
      await apply(branchState(), first.nftRecord, 2);
      expect(system.calls).toEqual([]);
    });
  });

  it.each([
    ['create', 'interface'],
    ['peers', 'wireguard'],
    ['addr add', 'addresses'],
    ['route add', 'routes'],
    ['nft -f', 'nftables'],
    ['sysctl', 'forwarding'],
  ])('names the failed step when "%s" fails, and stops there', async (call, step) => {
    system.failOn = call;
    const { result } = await apply();
    expect(result).toMatchObject({ ok: false, failedStep: step });
    expect(result.error).toMatch(new RegExp(`^${step}: .*injected`));
    expect(result.steps[result.steps.length - 1]).toMatchObject({ name: step, ok: false });
  });

  it('refuses to take over a link of the same name that is not WireGuard', async () => {
    system.link = { name: 'wg-unit', mtu: 1500, up: true };
    const original = system.ports.wireguard.readDevice;
    system.ports.wireguard.readDevice = async () => null;
    const { result } = await apply();
    system.ports.wireguard.readDevice = original;
    expect(result).toMatchObject({ ok: false, failedStep: 'interface' });
    expect(result.error).toContain('is not a WireGuard device');
    expect(system.calls).toEqual([]);
  });

  it.each([
    ['an interface name with a space', { interface: { ...branchState().interface, name: 'wg 0' } }, 'interface.name'],
    ['a peer key that is not a key', { peers: [{ ...branchState().peers[0]!, publicKey: 'remove' }] }, 'peers[0].publicKey'],
    ['an allowed IP with an option after it', { peers: [{ ...branchState().peers[0]!, allowedIps: ['10.0.0.1/32 dev lo'] }] }, 'peers[0].allowedIps[0]'],
    ['an endpoint host with a newline', { peers: [{ ...branchState().peers[0]!, endpoint: { host: 'a\nb', port: 1 } }] }, 'peers[0].endpoint.host'],
    ['a route that is not a CIDR', { routes: ['default'] }, 'routes[0]'],
  ])('rejects %s at validation and touches nothing', async (_what, patch, field) => {
    const { result } = await apply({ ...branchState(), ...patch });
    expect(result).toMatchObject({ ok: false, failedStep: 'validate' });
    expect(result.error).toContain(field);
    expect(system.calls).toEqual([]);
  });

  it('rejects a state that lists one peer twice', async () => {
    const state = branchState();
    const { result } = await apply({ ...state, peers: [state.peers[0]!, state.peers[0]!] });
    expect(result.error).toMatch(/validate: peers\[1\]\.publicKey: the key .* is listed twice/);
  });
});
