import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { compile, type DesiredState, type PeerType, type WireGuardPeerEntry } from '@wom/domain';
import { syntheticWan } from '../../domain/src/__fixtures__/wan-builder';
import { applyDesiredStateDelta, DeltaMismatchError, diffDesiredStates } from './desired-state.delta';
import { DesiredStateDigester, desiredStateDigest } from './desired-state.digest';
import { DesiredStateDeltaSchema, type DesiredStateDelta } from './generated/wom/agent/v1/desired_state_pb';

/** A small deterministic generator (mulberry32), so a failing sequence can be replayed by seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Through protobuf binary, as the notice carries it. */
function overTheWire(delta: DesiredStateDelta): DesiredStateDelta {
  return fromBinary(DesiredStateDeltaSchema, toBinary(DesiredStateDeltaSchema, delta));
}

function baseState(): DesiredState {
  const states = [...compile(syntheticWan({ peers: 12, topology: 'hub-spoke', hubs: 1, subnetEvery: 2, serviceEvery: 3, natEvery: 4 })).states.values()];
  return states.reduce((most, state) => (state.peers.length > most.peers.length ? state : most));
}

const PEER_TYPES: PeerType[] = ['mikrotik', 'generic-router', 'server', 'client', 'hub'];

/** One random edit of a state: the kinds of change a recompilation produces, and some it never does. */
function mutate(state: DesiredState, next: () => number, step: number): DesiredState {
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const at = (length: number) => Math.floor(next() * (length + 1));
  const cidr = () => `10.${Math.floor(next() * 4)}.${Math.floor(next() * 4)}.0/24`;
  const peers = [...state.peers];
  const newEntry = (): WireGuardPeerEntry => ({
    peerId: `p-${step}-${Math.floor(next() * 1e6)}`,
    name: `site ${step}`,
    publicKey: `key-${step}-${Math.floor(next() * 1e9)}=`,
    endpoint: next() < 0.5 ? null : { host: `198.51.100.${Math.floor(next() * 250)}`, port: 51820 },
    persistentKeepalive: next() < 0.5 ? null : 25,
    allowedIps: [`10.9.${step % 250}.1/32`, ...(next() < 0.5 ? [cidr()] : [])],
  });
  const withList = (list: readonly string[]): string[] => {
    const copy = [...list];
    if (copy.length > 0 && next() < 0.5) copy.splice(Math.floor(next() * copy.length), 1);
    const value = cidr();
    if (next() < 0.7 && !copy.includes(value)) copy.splice(at(copy.length), 0, value);
    return copy;
  };
  const edits = 1 + Math.floor(next() * 3);
  let result: DesiredState = state;
  for (let edit = 0; edit < edits; edit++) {
    switch (Math.floor(next() * 11)) {
      case 0:
        if (peers.length > 0) peers.splice(Math.floor(next() * peers.length), 1);
        break;
      case 1:
        peers.splice(at(peers.length), 0, newEntry());
        break;
      case 2:
        if (peers.length > 0) {
          const index = Math.floor(next() * peers.length);
          peers[index] = { ...peers[index]!, allowedIps: withList(peers[index]!.allowedIps) };
        }
        break;
      case 3:
        if (peers.length > 0) {
          const index = Math.floor(next() * peers.length);
          peers[index] = { ...peers[index]!, endpoint: next() < 0.3 ? null : { host: `203.0.113.${step % 250}`, port: 51000 + step }, name: `renamed ${step}` };
        }
        break;
      case 4:
        // A remote whose tunnel address changed moves in the ordering.
        if (peers.length > 1) {
          const [moved] = peers.splice(Math.floor(next() * peers.length), 1);
          peers.splice(at(peers.length), 0, moved!);
        }
        break;
      case 5:
        result = { ...result, routes: withList(result.routes) };
        break;
      case 6:
        result = { ...result, interface: { ...result.interface, addresses: withList(result.interface.addresses) } };
        break;
      case 7:
        result = { ...result, interface: { ...result.interface, mtu: next() < 0.5 ? null : 1280 + step, listenPort: next() < 0.3 ? null : 51820, dns: next() < 0.5 ? [] : ['10.0.0.53'] } };
        break;
      case 8:
        result = { ...result, firewall: { relay: next() < 0.5, localDestinations: withList(result.firewall.localDestinations) } };
        break;
      case 9:
        result = {
          ...result,
          serviceNat: next() < 0.3 ? [] : [{ serviceId: `s-${step}`, name: `svc ${step}`, protocols: ['tcp'], sharedIp: '10.65.0.9', sharedPort: 8000 + step, localIp: '192.168.1.10', localPort: 80 }],
          netmap: next() < 0.5 ? result.netmap : [{ subnetId: `n-${step}`, realCidr: '192.168.1.0/24', translatedCidr: `10.200.${step % 250}.0/24` }],
        };
        break;
      default:
        result = { ...result, peerName: `name ${step}`, peerType: pick(PEER_TYPES) };
    }
  }
  return { ...result, peers, contentHash: `hash-${step}` };
}

describe('desired-state deltas', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('rebuilds exactly the full state through 60 random changes (seed %i)', (seed) => {
    const next = random(seed);
    let published = baseState();
    let held = published;
    const agentDigester = new DesiredStateDigester();
    for (let step = 1; step <= 60; step++) {
      const newer = mutate(published, next, step);
      const delta = diffDesiredStates(published, newer, BigInt(step - 1));
      expect(delta).not.toBeNull();
      held = applyDesiredStateDelta(held, overTheWire(delta!), agentDigester);
      expect(held).toEqual(newer);
      published = newer;
    }
  });

  it('sends only what a published service changes in a compiled mesh', () => {
    const wan = syntheticWan({ peers: 30, topology: 'mesh', hubs: 0, subnetEvery: 2, serviceEvery: 0, natEvery: 0 });
    const before = compile(wan).states;
    const owner = wan.peers[3]!;
    const service = { id: 'svc-new', peerId: owner.id, name: 'web', localIp: '192.168.50.10', localPort: 8080, protocol: 'tcp', sharedIp: '10.65.0.200', sharedPort: 8080, isActive: true } as const;
    const after = compile({ ...wan, services: [...wan.services, service] }).states;
    expect(after.size).toBe(30);
    const changed = [...after].filter(([peerId, state]) => state.contentHash !== before.get(peerId)!.contentHash);
    expect(changed.length).toBeGreaterThan(20);
    for (const [peerId, state] of after) {
      const delta = diffDesiredStates(before.get(peerId)!, state, 1n)!;
      expect(applyDesiredStateDelta(before.get(peerId)!, overTheWire(delta))).toEqual(state);
      if (peerId !== owner.id && state.contentHash !== before.get(peerId)!.contentHash) {
        expect(delta.changedPeers.map((entry) => entry.peerId)).toEqual([owner.id]);
        expect(delta.addedPeers).toEqual([]);
        expect(delta.removedPeerKeys).toEqual([]);
      }
    }
  });

  it('refuses a delta whose base is not the state it was computed against', () => {
    const base = baseState();
    const newer = mutate(base, random(42), 1);
    const delta = diffDesiredStates(base, newer, 7n)!;
    const other = { ...base, routes: [...base.routes, '172.31.0.0/16'] };
    expect(() => applyDesiredStateDelta(other, delta)).toThrow(DeltaMismatchError);
  });

  it('refuses a delta that names entries the base does not have', () => {
    const base = baseState();
    const withoutFirst = { ...base, peers: base.peers.slice(1) };
    const delta = diffDesiredStates(base, withoutFirst, 1n)!;
    expect(() => applyDesiredStateDelta(withoutFirst, delta)).toThrow(/removed entries are not in the base/);
  });

  it('refuses a rebuilt state whose digest is not the published one', () => {
    const base = baseState();
    const newer = { ...base, peerName: 'renamed', contentHash: 'other' };
    const delta = diffDesiredStates(base, newer, 1n)!;
    expect(() => applyDesiredStateDelta(base, { ...delta, stateDigest: desiredStateDigest(base) })).toThrow(/digest/);
  });

  it('gives no delta between states of different peers, or with repeated keys', () => {
    const base = baseState();
    expect(diffDesiredStates(base, { ...base, peerId: 'another' }, 1n)).toBeNull();
    expect(diffDesiredStates(base, { ...base, routes: [...base.routes, base.routes[0]!] }, 1n)).toBeNull();
  });

  it('digests every field: equal states agree, any difference disagrees', () => {
    const base = baseState();
    expect(desiredStateDigest(structuredClone(base))).toBe(desiredStateDigest(base));
    const variants: DesiredState[] = [
      { ...base, interface: { ...base.interface, mtu: 0 } },
      { ...base, interface: { ...base.interface, mtu: null, listenPort: null } },
      { ...base, routes: [...base.routes].reverse().concat('10.99.0.0/16') },
      { ...base, peers: [...base.peers].reverse() },
      { ...base, peers: base.peers.map((entry, index) => (index === 0 ? { ...entry, persistentKeepalive: entry.persistentKeepalive === null ? 0 : null } : entry)) },
      { ...base, firewall: { ...base.firewall, relay: !base.firewall.relay } },
      { ...base, contentHash: 'x' },
    ];
    for (const variant of variants) expect(desiredStateDigest(variant)).not.toBe(desiredStateDigest(base));
  });
});
