import { syntheticWan } from '../__fixtures__/wan-builder';
import type { DesiredState } from '../model/desired-state.model';
import type { TopologyType } from '../model/wan.model';
import { containsAddress, parseCidr, parseIpv4, prefixesOverlap } from '../net/ipv4';
import { compile } from './compile';

/** Properties every compiled WAN must have, checked over generated WANs of every shape. */
const shapes: [TopologyType, number][] = [
  ['hub-spoke', 0],
  ['hub-spoke', 3],
  ['mesh', 0],
  ['mesh', 3],
  ['hybrid', 3],
];

function overlappingAllowedIps(state: DesiredState): string[] {
  const owned = state.peers.flatMap((entry) => entry.allowedIps.map((cidr) => ({ name: entry.name, cidr, prefix: parseCidr(cidr) })));
  const clashes: string[] = [];
  for (let i = 0; i < owned.length; i++) {
    for (let j = i + 1; j < owned.length; j++) {
      const a = owned[i]!;
      const b = owned[j]!;
      if (a.name !== b.name && prefixesOverlap(a.prefix, b.prefix)) clashes.push(`${a.name} ${a.cidr} ~ ${b.name} ${b.cidr}`);
    }
  }
  return clashes;
}

describe.each(shapes)('compiled %s WAN (every %ith peer behind NAT)', (topology, natEvery) => {
  const snapshot = syntheticWan({ topology, peers: 24, hubs: 2, subnetEvery: 2, serviceEvery: 3, natEvery });
  const connections =
    topology === 'hybrid'
      ? [
          { peerAId: snapshot.peers[4]!.id, peerBId: snapshot.peers[5]!.id, isActive: true },
          { peerAId: snapshot.peers[6]!.id, peerBId: snapshot.peers[8]!.id, isActive: true },
        ]
      : [];
  const { states, issues } = compile({ ...snapshot, connections });

  it('never gives two WireGuard peers of one interface overlapping allowed IPs', () => {
    for (const state of states.values()) expect(overlappingAllowedIps(state)).toEqual([]);
  });

  it('lets every peer reach every other peer’s tunnel address, or reports why not', () => {
    const unreachable = new Set(issues.filter((i) => i.code === 'PEER.UNREACHABLE').map((i) => i.peerId));
    for (const state of states.values()) {
      if (unreachable.has(state.peerId)) continue;
      for (const other of snapshot.peers.filter((p) => p.id !== state.peerId)) {
        const address = parseIpv4(other.tunnelIp);
        const carriers = state.peers.filter((entry) => entry.allowedIps.some((cidr) => containsAddress(parseCidr(cidr), address)));
        expect({ from: state.peerName, to: other.name, carriers: carriers.length }).toEqual({ from: state.peerName, to: other.name, carriers: 1 });
      }
    }
  });

  it('never routes a peer’s own subnets back into the tunnel', () => {
    for (const state of states.values()) {
      const own = snapshot.subnets.filter((s) => s.peerId === state.peerId).map((s) => s.cidr);
      for (const cidr of own) expect(state.routes).not.toContain(cidr);
      for (const entry of state.peers) for (const cidr of own) expect(entry.allowedIps).not.toContain(cidr);
    }
  });
});
