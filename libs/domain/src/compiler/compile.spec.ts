import { ACME, acmePeers, acmeWan } from '../__fixtures__/acme-wan';
import { syntheticWan } from '../__fixtures__/wan-builder';
import type { DesiredState } from '../model/desired-state.model';
import type { Peer, TopologySnapshot } from '../model/wan.model';
import { compile, compilePeer } from './compile';

const stateOf = (snapshot: TopologySnapshot, peerId: string): DesiredState => {
  const state = compile(snapshot).states.get(peerId);
  if (!state) throw new Error(`no state for ${peerId}`);
  return state;
};
const entry = (state: DesiredState, peerId: string) => state.peers.find((p) => p.peerId === peerId);
const withPeer = (snapshot: TopologySnapshot, id: string, change: Partial<Peer>): TopologySnapshot => ({
  ...snapshot,
  peers: snapshot.peers.map((p) => (p.id === id ? { ...p, ...change } : p)),
});

describe('compile: hub-spoke', () => {
  const snapshot = acmeWan('hub-spoke');
  const { states, issues } = compile(snapshot);
  const hub = states.get(ACME.hub)!;
  const branch = states.get(ACME.branch)!;
  const laptop = states.get(ACME.laptop)!;

  it('gives the hub one entry per spoke carrying that spoke’s own addresses', () => {
    expect(hub.peers.map((p) => p.name)).toEqual(['branch-a', 'alice-laptop', 'site-2']);
    expect(entry(hub, ACME.branch)!.allowedIps).toEqual(['10.0.0.2/32', '10.0.5.10/32', '172.16.0.0/24', '192.168.10.0/24']);
    expect(entry(hub, ACME.laptop)!.allowedIps).toEqual(['10.0.0.3/32']);
    expect(entry(hub, ACME.laptop)!.endpoint).toBeNull();
    expect(hub.firewall.relay).toBe(true);
    expect(issues).toEqual([]);
  });

  it('gives a spoke only the hub, carrying the whole WAN except its own subnets', () => {
    expect(branch.peers).toHaveLength(1);
    const viaHub = entry(branch, ACME.hub)!;
    expect(viaHub.allowedIps).toEqual(['10.0.0.0/24', '10.0.5.0/24', '192.168.20.0/24', '192.168.50.0/24']);
    expect(viaHub.endpoint).toEqual({ host: 'vpn.acme.example', port: 51820 });
    // A spoke with its own endpoint needs no keepalive; one behind NAT gets the default.
    expect(viaHub.persistentKeepalive).toBeNull();
    expect(entry(laptop, ACME.hub)!.persistentKeepalive).toBe(25);
  });

  it('shares one list between a spoke’s hub entry and its routes, and between spokes without subnets', () => {
    expect(branch.routes).toBe(entry(branch, ACME.hub)!.allowedIps);
    expect(laptop.routes).toEqual(['10.0.0.0/24', '10.0.5.0/24', '172.16.0.0/24', '192.168.10.0/24', '192.168.20.0/24', '192.168.50.0/24']);
    const secondLaptop = compile({
      ...snapshot,
      peers: [...snapshot.peers, { ...acmePeers[2]!, id: 'laptop-2', name: 'bob-laptop', tunnelIp: '10.0.0.9' }],
    }).states;
    expect(entry(secondLaptop.get('laptop-2')!, ACME.hub)!.allowedIps).toBe(entry(secondLaptop.get(ACME.laptop)!, ACME.hub)!.allowedIps);
  });

  it('addresses the interface with /32s, owned shared IPs included, and derives ports', () => {
    expect(branch.interface).toEqual({
      name: 'wg-wan-overlay',
      listenPort: 13231,
      mtu: null,
      addresses: ['10.0.0.2/32', '10.0.5.10/32'],
      dns: [],
      tunnelIp: '10.0.0.2',
      tunnelRange: '10.0.0.0/24',
    });
    expect(laptop.interface.listenPort).toBeNull();
  });

  it('publishes active services and translated subnets, and lets the WAN reach local destinations', () => {
    expect(branch.serviceNat).toEqual([
      { serviceId: 'svc-nas', name: 'nas-smb', protocols: ['tcp', 'udp'], sharedIp: '10.0.5.10', sharedPort: 445, localIp: '192.168.10.5', localPort: 445 },
    ]);
    expect(branch.netmap).toEqual([{ subnetId: 'sub-branch-dup', realCidr: '192.168.1.0/24', translatedCidr: '172.16.0.0/24' }]);
    expect(branch.firewall).toEqual({ relay: false, localDestinations: ['192.168.1.0/24', '192.168.10.0/24', '192.168.10.5/32'] });
  });

  it('never links two peers that both lack an endpoint', () => {
    const natHub = withPeer(snapshot, ACME.hub, { endpoint: null });
    const result = compile(natHub);
    expect(entry(result.states.get(ACME.hub)!, ACME.laptop)).toBeUndefined();
    expect(result.states.get(ACME.laptop)!.peers).toEqual([]);
    expect(entry(result.states.get(ACME.branch)!, ACME.hub)).toBeDefined();
    expect(result.issues.filter((i) => i.code === 'PEER.UNREACHABLE').map((i) => i.peerId)).toEqual([ACME.hub, ACME.laptop, ACME.site2]);
  });

  it('reports a WAN without a hub', () => {
    const noHub = { ...snapshot, peers: snapshot.peers.filter((p) => p.type !== 'hub') };
    const result = compile(noHub);
    expect(result.issues.map((i) => i.code)).toContain('TOPOLOGY.NO_HUB');
    expect(result.states.get(ACME.branch)!.peers).toEqual([]);
  });
});

describe('compile: mesh', () => {
  it('links every pair that has an endpoint on at least one side', () => {
    const { states } = compile(acmeWan('mesh'));
    const branch = states.get(ACME.branch)!;
    expect(branch.peers.map((p) => p.name)).toEqual(['hq-hub', 'alice-laptop', 'site-2']);
    expect(entry(branch, ACME.site2)!.allowedIps).toEqual(['10.0.0.4/32', '192.168.20.0/24']);
    expect(branch.routes).toEqual(['10.0.0.0/24', '10.0.5.0/24', '192.168.20.0/24', '192.168.50.0/24']);
  });

  it('relays two peers behind NAT through the first hub with an endpoint', () => {
    const laptop = stateOf(acmeWan('mesh'), ACME.laptop);
    expect(entry(laptop, ACME.site2)).toBeUndefined();
    expect(entry(laptop, ACME.hub)!.allowedIps).toEqual(['10.0.0.1/32', '192.168.50.0/24', '10.0.0.4/32', '192.168.20.0/24']);
  });

  it('reports peers it cannot reach and routes nothing to them', () => {
    const noHub = acmeWan('mesh', { peers: acmePeers.map((p) => (p.type === 'hub' ? { ...p, type: 'server' as const } : p)) });
    const result = compile(noHub);
    const laptop = result.states.get(ACME.laptop)!;
    expect(laptop.peers.map((p) => p.name)).toEqual(['hq-hub', 'branch-a']);
    expect(laptop.routes).not.toContain('192.168.20.0/24');
    expect(result.issues).toContainEqual(expect.objectContaining({ code: 'PEER.UNREACHABLE', peerId: ACME.laptop }));
  });
});

describe('compile: hybrid', () => {
  const snapshot = acmeWan('hybrid', { connections: [{ peerAId: ACME.branch, peerBId: ACME.site2, isActive: true }] });

  it('adds explicit links and punches them out of the hub entry so allowed IPs never overlap', () => {
    const branch = stateOf(snapshot, ACME.branch);
    expect(entry(branch, ACME.site2)!.allowedIps).toEqual(['10.0.0.4/32', '192.168.20.0/24']);
    const viaHub = entry(branch, ACME.hub)!.allowedIps;
    expect(viaHub).not.toContain('192.168.20.0/24');
    expect(viaHub).not.toContain('10.0.0.0/24');
    expect(viaHub).toContain('192.168.50.0/24');
    expect(branch.routes).toContain('192.168.20.0/24');
  });

  it('ignores inactive connections', () => {
    const inactive = acmeWan('hybrid', { connections: [{ peerAId: ACME.branch, peerBId: ACME.site2, isActive: false }] });
    expect(stateOf(inactive, ACME.branch).peers.map((p) => p.name)).toEqual(['hq-hub']);
  });
});

describe('compile: content hash and purity', () => {
  const snapshot = acmeWan('hub-spoke');
  const hashes = (s: TopologySnapshot) => new Map([...compile(s).states].map(([id, state]) => [id, state.contentHash]));

  it('is deterministic and independent of input order', () => {
    const reversed = { ...snapshot, peers: [...snapshot.peers].reverse(), subnets: [...snapshot.subnets].reverse() };
    expect(compile(reversed).states).toEqual(compile(snapshot).states);
  });

  it.each<[string, (s: TopologySnapshot) => TopologySnapshot, string[]]>([
    ['a spoke endpoint changes the hub only', (s) => withPeer(s, ACME.site2, { endpoint: '192.0.2.4:51820' }), [ACME.hub, ACME.site2]],
    ['a spoke key changes the hub only', (s) => withPeer(s, ACME.laptop, { publicKey: 'iEcaYUVKq51Sdt7uMulPVv7fDRI4PiOuHwM8DAzNOxg=' }), [ACME.hub]],
    ['a keepalive changes the spoke only', (s) => withPeer(s, ACME.laptop, { persistentKeepalive: 15 }), [ACME.laptop]],
    ['a new subnet changes every other peer', (s) => ({ ...s, subnets: [...s.subnets, { id: 'n', peerId: ACME.laptop, cidr: '192.168.77.0/24', isRouted: true, natEnabled: false, natTranslatedCidr: null }] }), [ACME.hub, ACME.branch, ACME.laptop, ACME.site2]],
    ['a renamed hub changes every spoke and the hub', (s) => withPeer(s, ACME.hub, { name: 'hq' }), [ACME.hub, ACME.branch, ACME.laptop, ACME.site2]],
  ])('%s', (_label, change, expected) => {
    const before = hashes(snapshot);
    const after = hashes(change(snapshot));
    const changed = [...before].filter(([id, hash]) => after.get(id) !== hash).map(([id]) => id);
    expect(changed.sort()).toEqual([...expected].sort());
  });

  it('skips peers without a public key and says so', () => {
    const result = compile(withPeer(snapshot, ACME.site2, { publicKey: null }));
    expect(entry(result.states.get(ACME.hub)!, ACME.site2)).toBeUndefined();
    expect(result.states.get(ACME.site2)!.peers).toHaveLength(1);
    expect(result.issues).toContainEqual(expect.objectContaining({ code: 'PEER.NO_PUBLIC_KEY', peerId: ACME.site2 }));
  });

  it('does not route a NAT subnet that has no translation yet', () => {
    const pending = { ...snapshot, subnets: snapshot.subnets.map((s) => (s.natEnabled ? { ...s, natTranslatedCidr: null } : s)) };
    const result = compile(pending);
    expect(entry(result.states.get(ACME.hub)!, ACME.branch)!.allowedIps).not.toContain('172.16.0.0/24');
    expect(result.issues).toContainEqual(expect.objectContaining({ code: 'SUBNET.NAT_PENDING', peerId: ACME.branch }));
  });

  it('applies per-peer overrides', () => {
    const state = stateOf(
      withPeer(snapshot, ACME.laptop, { overrides: { interfaceName: 'wom0', listenPort: 40000, mtu: 1380, dns: ['10.0.5.53'], persistentKeepalive: 0 } }),
      ACME.laptop,
    );
    expect(state.interface).toMatchObject({ name: 'wom0', listenPort: 40000, mtu: 1380, dns: ['10.0.5.53'] });
    expect(state.peers[0]!.persistentKeepalive).toBeNull();
  });
});

describe('compilePeer', () => {
  it.each(['hub-spoke', 'mesh', 'hybrid'] as const)('gives exactly what compile gives, %s', (topology) => {
    const snapshot = syntheticWan({ topology, peers: 40, hubs: 2, subnetEvery: 3, serviceEvery: 5, natEvery: 4 });
    const all = compile(snapshot);
    for (const peer of snapshot.peers) expect(compilePeer(snapshot, peer.id).state).toEqual(all.states.get(peer.id));
  });

  it('reports an unknown peer', () => {
    expect(compilePeer(acmeWan(), 'nope')).toEqual({ state: null, issues: [expect.objectContaining({ code: 'PEER.NOT_FOUND' })] });
  });
});
