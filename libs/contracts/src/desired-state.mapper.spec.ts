import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { compile, type DesiredState, type TopologyType } from '@wom/domain';
import { acmeWan } from '../../domain/src/__fixtures__/acme-wan';
import { syntheticWan } from '../../domain/src/__fixtures__/wan-builder';
import {
  ContractError,
  desiredStateFromWire,
  desiredStateToWire,
  peerTypeFromWire,
} from './desired-state.mapper';
import { DesiredStateSchema, DesiredStateSnapshotSchema, PeerType, TransportProtocol } from './generated/wom/agent/v1/desired_state_pb';

/** Through the mapper, protobuf binary on the wire, and back. */
function roundTrip(state: DesiredState): DesiredState {
  const bytes = toBinary(DesiredStateSchema, desiredStateToWire(state));
  return desiredStateFromWire(fromBinary(DesiredStateSchema, bytes));
}

function compiledStates(topology: TopologyType): DesiredState[] {
  const result = compile(acmeWan(topology));
  return [...result.states.values()];
}

describe('desired state mapper', () => {
  it.each(['hub-spoke', 'mesh', 'hybrid'] as const)('round-trips every peer of the %s example WAN unchanged', (topology) => {
    const states = compiledStates(topology);
    expect(states.length).toBeGreaterThanOrEqual(3);
    for (const state of states) expect(roundTrip(state)).toEqual(state);
  });

  it('round-trips a synthetic WAN of many peers', () => {
    const states = [...compile(syntheticWan({ peers: 40, topology: 'hub-spoke', hubs: 2, subnetEvery: 2, serviceEvery: 3, natEvery: 4 })).states.values()];
    expect(states.length).toBeGreaterThan(10);
    for (const state of states) expect(roundTrip(state)).toEqual(state);
  });

  it('keeps nulls apart from zero: absent listen port, MTU, endpoint and keepalive', () => {
    const base = compiledStates('hub-spoke')[0]!;
    const withNulls: DesiredState = {
      ...base,
      interface: { ...base.interface, listenPort: null, mtu: null },
      peers: base.peers.map((peer) => ({ ...peer, endpoint: null, persistentKeepalive: null })),
    };
    const withValues: DesiredState = {
      ...base,
      interface: { ...base.interface, listenPort: 51820, mtu: 1420 },
      peers: base.peers.map((peer) => ({ ...peer, endpoint: { host: '203.0.113.1', port: 51820 }, persistentKeepalive: 25 })),
    };
    expect(roundTrip(withNulls)).toEqual(withNulls);
    expect(roundTrip(withValues)).toEqual(withValues);
    expect(roundTrip(withNulls).interface.listenPort).toBeNull();
    expect(roundTrip(withValues).peers[0]?.persistentKeepalive).toBe(25);
  });

  it('carries service NAT protocols, netmap rules and the content hash', () => {
    const state: DesiredState = {
      ...compiledStates('mesh')[0]!,
      serviceNat: [
        { serviceId: 's1', name: 'web', protocols: ['tcp', 'udp'], sharedIp: '10.0.5.1', sharedPort: 443, localIp: '192.168.1.5', localPort: 8443 },
      ],
      netmap: [{ subnetId: 'n1', realCidr: '192.168.1.0/24', translatedCidr: '172.16.0.0/24' }],
      contentHash: 'abc123',
    };
    const wire = desiredStateToWire(state);
    expect(wire.serviceNat[0]?.protocols).toEqual([TransportProtocol.TCP, TransportProtocol.UDP]);
    expect(roundTrip(state)).toEqual(state);
  });

  it('maps every peer type both ways', () => {
    for (const type of ['mikrotik', 'generic-router', 'server', 'client', 'hub'] as const) {
      const state = { ...compiledStates('mesh')[0]!, peerType: type };
      expect(roundTrip(state).peerType).toBe(type);
    }
  });

  it('rejects a message without an interface or firewall, naming the field', () => {
    const wire = desiredStateToWire(compiledStates('mesh')[0]!);
    expect(() => desiredStateFromWire(create(DesiredStateSchema, { ...wire, interface: undefined }))).toThrow(
      new ContractError('interface', 'missing'),
    );
    expect(() => desiredStateFromWire(create(DesiredStateSchema, { ...wire, firewall: undefined }))).toThrow(/^firewall: missing$/);
  });

  it('rejects unknown enum values instead of guessing', () => {
    expect(() => peerTypeFromWire(PeerType.UNSPECIFIED)).toThrow(ContractError);
    expect(() => peerTypeFromWire(99 as PeerType, 'x.peerType')).toThrow(/^x\.peerType: unknown peer type 99$/);
    const wire = desiredStateToWire({
      ...compiledStates('mesh')[0]!,
      serviceNat: [{ serviceId: 's', name: 'n', protocols: ['tcp'], sharedIp: '10.0.5.1', sharedPort: 1, localIp: '10.1.1.1', localPort: 1 }],
    });
    wire.serviceNat[0]!.protocols = [TransportProtocol.UNSPECIFIED];
    expect(() => desiredStateFromWire(wire)).toThrow(/^serviceNat\[0\]\.protocols\[0\]: unknown protocol 0$/);
  });

  it('a snapshot keeps a 64-bit revision exactly', () => {
    const revision = 2n ** 53n + 7n;
    const snapshot = create(DesiredStateSnapshotSchema, { agentId: 'a', revision, state: desiredStateToWire(compiledStates('mesh')[0]!) });
    const decoded = fromBinary(DesiredStateSnapshotSchema, toBinary(DesiredStateSnapshotSchema, snapshot));
    expect(decoded.revision).toBe(revision);
    expect(desiredStateFromWire(decoded.state!)).toEqual(compiledStates('mesh')[0]);
  });
});
