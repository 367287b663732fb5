import { syntheticId, syntheticPublicKey } from '../__fixtures__/wan-builder';
import type { DesiredState } from '../model/desired-state.model';
import type { LocalSubnet, Peer, PeerConnection, TopologySnapshot, TopologyType } from '../model/wan.model';
import { compile, compilePeer } from './compile';

/**
 * A peer never routes its own subnets into the tunnel: a remote prefix inside one is left
 * out for it, one around it is punched, and an issue says so. Peers: 0 is the hub, 1 is the
 * viewer "A" with the LANs under test, 2 is the remote "B", 3 is a bystander without subnets.
 */
const id = (index: number) => syntheticId(1, index);
const [HUB, A, B, C] = [0, 1, 2, 3].map(id) as [string, string, string, string];
const WAN_RANGES = ['10.0.0.0/24', '10.0.5.0/24'];

function peer(index: number, withEndpoint = true): Peer {
  return {
    id: id(index),
    wanId: 'wan',
    name: ['hub', 'site-a', 'site-b', 'site-c'][index] ?? `site-${index}`,
    type: index === 0 ? 'hub' : 'server',
    publicKey: syntheticPublicKey(index),
    tunnelIp: `10.0.0.${index + 1}`,
    endpoint: withEndpoint ? `198.51.100.${index + 1}:51820` : null,
    listenPort: withEndpoint ? 51820 : null,
    persistentKeepalive: null,
    tags: [],
  };
}

let subnetCount = 0;
/** A routed, untranslated LAN unless `extra` says otherwise. */
function lan(peerId: string, cidr: string, extra: Partial<LocalSubnet> = {}): LocalSubnet {
  return { id: syntheticId(2, subnetCount++), peerId, cidr, isRouted: true, natEnabled: false, natTranslatedCidr: null, ...extra };
}
const nat = (natTranslatedCidr: string): Partial<LocalSubnet> => ({ natEnabled: true, natTranslatedCidr });
const unrouted: Partial<LocalSubnet> = { isRouted: false };

function wan(topology: TopologyType, subnets: LocalSubnet[], options: { connections?: PeerConnection[]; behindNat?: number[]; peers?: number } = {}): TopologySnapshot {
  return {
    wan: { id: 'wan', name: 'own-subnets', tunnelIpRange: '10.0.0.0/24', sharedServicesRange: '10.0.5.0/24', topologyType: topology },
    peers: Array.from({ length: options.peers ?? 4 }, (_, i) => peer(i, !options.behindNat?.includes(i))),
    subnets,
    services: [],
    connections: options.connections ?? [],
  };
}

const entry = (state: DesiredState, peerId: string) => state.peers.find((p) => p.peerId === peerId);
const excluded = (snapshot: TopologySnapshot, viewer: string) =>
  compile(snapshot)
    .issues.filter((i) => i.code === 'ROUTE.OWN_SUBNET_EXCLUDED' && i.peerId === viewer)
    .map((i) => `${i.remotePeerId === B ? 'B' : i.remotePeerId} ${i.prefix}`);

describe('own subnets: which remote prefixes a peer leaves out or punches', () => {
  it.each<[string, LocalSubnet[], LocalSubnet[], string[]]>([
    ['a remote LAN equal to a translated own LAN is left out (the reported defect)', [lan(A, '192.168.20.0/24', nat('172.16.0.0/24'))], [lan(B, '192.168.20.0/24')], []],
    ['a remote prefix inside an own, unrouted LAN is left out', [lan(A, '192.168.0.0/22', unrouted)], [lan(B, '192.168.2.0/24')], []],
    [
      'a remote prefix around an own LAN is punched, the rest still routed',
      [lan(A, '192.168.20.0/24', nat('172.16.0.0/24'))],
      [lan(B, '192.168.16.0/21')],
      ['192.168.16.0/22', '192.168.21.0/24', '192.168.22.0/23'],
    ],
    [
      'every own LAN inside one remote prefix is punched',
      [lan(A, '192.168.1.0/24'), lan(A, '192.168.6.0/23', unrouted)],
      [lan(B, '192.168.0.0/21')],
      ['192.168.0.0/24', '192.168.2.0/23', '192.168.4.0/23'],
    ],
    ['a remote translation landing on an own LAN is left out', [lan(A, '172.16.0.0/24', unrouted)], [lan(B, '192.168.1.0/24', nat('172.16.0.0/24'))], []],
    ['a remote route over an own translation is left out', [lan(A, '192.168.1.0/24', nat('172.16.5.0/24'))], [lan(B, '172.16.5.0/24')], []],
  ])('%s', (_label, own, remote, kept) => {
    const remoteCidr = remote[0]!.natTranslatedCidr ?? remote[0]!.cidr;
    for (const topology of ['mesh', 'hub-spoke'] as const) {
      const snapshot = wan(topology, [...own, ...remote]);
      const state = compile(snapshot).states.get(A)!;
      const carrier = topology === 'mesh' ? entry(state, B)! : entry(state, HUB)!;
      const expectedCarrier = topology === 'mesh' ? ['10.0.0.3/32', ...kept] : [...WAN_RANGES, ...kept];
      expect({ topology, allowed: carrier.allowedIps, routes: state.routes }).toEqual({ topology, allowed: expectedCarrier, routes: [...WAN_RANGES, ...kept] });
      expect(excluded(snapshot, A)).toEqual([`B ${remoteCidr}`]);
    }
  });

  it('finds every containing prefix of a nested chain, whoever routes it, and only those', () => {
    const remotes = [lan(B, '10.128.0.0/16'), lan(C, '10.128.32.0/20'), lan(HUB, '10.128.40.0/24'), lan(C, '10.128.41.0/24'), lan(B, '10.129.0.0/16')];
    const snapshot = wan('mesh', [lan(A, '10.128.40.64/26', unrouted), ...remotes]);
    expect(excluded(snapshot, A).map((line) => line.split(' ')[1])).toEqual(['10.128.0.0/16', '10.128.32.0/20', '10.128.40.0/24']);
    const state = compile(snapshot).states.get(A)!;
    expect(entry(state, HUB)!.allowedIps).toEqual(['10.0.0.1/32', '10.128.40.0/26', '10.128.40.128/25']);
    expect(state.routes).toContain('10.128.41.0/24');
    expect(state.routes).toContain('10.129.0.0/16');
  });

  it('leaves a remote prefix beside an own LAN alone, and says nothing', () => {
    const snapshot = wan('mesh', [lan(A, '192.168.1.0/24'), lan(B, '192.168.0.0/24')]);
    expect(entry(compile(snapshot).states.get(A)!, B)!.allowedIps).toEqual(['10.0.0.3/32', '192.168.0.0/24']);
    expect(excluded(snapshot, A)).toEqual([]);
  });
});

describe('own subnets: every place a remote prefix reaches a peer', () => {
  const shadowed = [lan(A, '192.168.20.0/24', nat('172.16.0.0/24')), lan(B, '192.168.16.0/21')];
  const PUNCHED = ['192.168.16.0/22', '192.168.21.0/24', '192.168.22.0/23'];

  it('a hub-spoke spoke: its hub entry and its routes stay one shared list', () => {
    const state = compile(wan('hub-spoke', shadowed)).states.get(A)!;
    expect(entry(state, HUB)!.allowedIps).toEqual([...WAN_RANGES, ...PUNCHED]);
    expect(state.routes).toBe(entry(state, HUB)!.allowedIps);
  });

  it('a hub with its own LAN: its entry for the remote spoke is punched', () => {
    const snapshot = wan('hub-spoke', [lan(HUB, '192.168.20.0/24', unrouted), lan(B, '192.168.16.0/21')]);
    const hub = compile(snapshot).states.get(HUB)!;
    expect(entry(hub, B)!.allowedIps).toEqual(['10.0.0.3/32', ...PUNCHED]);
    expect(hub.routes).toEqual([...WAN_RANGES, ...PUNCHED]);
  });

  it('a hybrid spoke: the direct entry is punched, and the hub entry carries none of it', () => {
    const state = compile(wan('hybrid', shadowed, { connections: [{ peerAId: A, peerBId: B, isActive: true }] })).states.get(A)!;
    expect(entry(state, B)!.allowedIps).toEqual(['10.0.0.3/32', ...PUNCHED]);
    expect(entry(state, HUB)!.allowedIps.filter((cidr) => cidr.startsWith('192.168.'))).toEqual([]);
    expect(state.routes).toEqual([...WAN_RANGES, ...PUNCHED]);
  });

  it('a hybrid spoke without a direct link: the hub entry is punched', () => {
    const state = compile(wan('hybrid', shadowed)).states.get(A)!;
    expect(entry(state, HUB)!.allowedIps).toEqual([...WAN_RANGES, ...PUNCHED]);
  });

  it('a mesh peer behind NAT: the relaying hub’s entry is punched', () => {
    const state = compile(wan('mesh', shadowed, { behindNat: [1, 2] })).states.get(A)!;
    expect(entry(state, B)).toBeUndefined();
    expect(entry(state, HUB)!.allowedIps).toEqual(['10.0.0.1/32', '10.0.0.3/32', ...PUNCHED]);
  });

  it('an unreachable remote: nothing of it is routed, so nothing is reported as left out', () => {
    const snapshot = wan('mesh', shadowed, { behindNat: [1, 2], peers: 3 });
    const noRelay = { ...snapshot, peers: snapshot.peers.map((p) => (p.type === 'hub' ? { ...p, type: 'server' as const } : p)) };
    const result = compile(noRelay);
    expect(result.states.get(A)!.routes.filter((cidr) => cidr.startsWith('192.168.'))).toEqual([]);
    expect(result.issues.filter((i) => i.peerId === A).map((i) => i.code)).toEqual(['PEER.UNREACHABLE']);
  });

  it('says which remote, which prefix and which own subnet, and what to do', () => {
    const [issue] = compile(wan('mesh', shadowed)).issues.filter((i) => i.code === 'ROUTE.OWN_SUBNET_EXCLUDED');
    expect(issue).toEqual({
      code: 'ROUTE.OWN_SUBNET_EXCLUDED',
      peerId: A,
      remotePeerId: B,
      prefix: '192.168.16.0/21',
      message:
        "site-a routes 192.168.16.0/21 of site-b only as 192.168.16.0/22, 192.168.21.0/24, 192.168.22.0/23: the rest is site-a's own subnet 192.168.20.0/24, " +
        "which stays on site-a's LAN. For site-a to reach it, have site-b route it under a NAT translation, or renumber one of the two networks.",
    });
  });

  it('compilePeer gives exactly what compile gives, issues included', () => {
    for (const topology of ['mesh', 'hub-spoke', 'hybrid'] as const) {
      const snapshot = wan(topology, shadowed, { connections: [{ peerAId: A, peerBId: B, isActive: true }] });
      const all = compile(snapshot);
      for (const p of snapshot.peers) {
        const one = compilePeer(snapshot, p.id);
        expect(one.state).toEqual(all.states.get(p.id));
        expect(one.issues).toEqual(all.issues.filter((i) => i.peerId === p.id || i.peerId === null));
      }
    }
  });
});

describe('own subnets: what stays shared and what the hash sees', () => {
  const shadowed = [lan(A, '192.168.20.0/24', nat('172.16.0.0/24')), lan(B, '192.168.16.0/21')];

  it('peers without an overlap keep sharing lists: spokes without subnets, and identity entries', () => {
    const hubSpoke = compile(wan('hub-spoke', shadowed, { peers: 5 })).states;
    expect(entry(hubSpoke.get(C)!, HUB)!.allowedIps).toBe(entry(hubSpoke.get(id(4))!, HUB)!.allowedIps);
    const mesh = compile(wan('mesh', shadowed)).states;
    expect(entry(mesh.get(C)!, B)!.allowedIps).toBe(entry(mesh.get(HUB)!, B)!.allowedIps);
    expect(entry(mesh.get(A)!, C)!.allowedIps).toBe(entry(mesh.get(HUB)!, C)!.allowedIps);
  });

  it.each(['mesh', 'hub-spoke'] as const)('%s: a punched state equals, hash included, the state of a WAN that routes only the parts', (topology) => {
    const parts = ['192.168.16.0/22', '192.168.21.0/24', '192.168.22.0/23'].map((cidr) => lan(B, cidr));
    const punched = compile(wan(topology, shadowed)).states.get(A)!;
    const direct = compile(wan(topology, [shadowed[0]!, ...parts])).states.get(A)!;
    expect(punched).toEqual(direct);
  });

  it('changes the viewer’s hash when what it leaves out changes', () => {
    const hashOfA = (remote: string) => compile(wan('mesh', [shadowed[0]!, { ...shadowed[1]!, cidr: remote }])).states.get(A)!.contentHash;
    expect(new Set([hashOfA('192.168.16.0/21'), hashOfA('192.168.16.0/20'), hashOfA('192.168.20.0/24'), hashOfA('192.168.16.0/22')]).size).toBe(4);
  });
});
