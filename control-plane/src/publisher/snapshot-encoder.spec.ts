import { create, equals, fromBinary, toBinary } from '@bufbuild/protobuf';
import { compile, type DesiredState } from '@wom/domain';
import { DesiredStateSnapshotSchema, desiredStateFromWire, desiredStateToWire } from '@wom/contracts';
import { acmeWan } from '../../../libs/domain/src/__fixtures__/acme-wan';
import { syntheticWan } from '../../../libs/domain/src/__fixtures__/wan-builder';
import { SnapshotEncoder } from './snapshot-encoder';

/** What encoding the whole message at once gives. */
function reference(agentId: string, revision: bigint, state: DesiredState, compiledAtMs: number): Uint8Array {
  return toBinary(DesiredStateSnapshotSchema, create(DesiredStateSnapshotSchema, { agentId, revision, compiledAtMs: BigInt(compiledAtMs), state: desiredStateToWire(state) }));
}

describe('snapshot encoder', () => {
  it.each([
    ['the example WAN (hub-spoke)', acmeWan('hub-spoke')],
    ['the example WAN (mesh)', acmeWan('mesh')],
    ['a 120-peer mesh', syntheticWan({ topology: 'mesh', peers: 120, subnetEvery: 2, serviceEvery: 5 })],
    ['a 200-spoke hub-spoke WAN', syntheticWan({ topology: 'hub-spoke', peers: 200, hubs: 2, subnetEvery: 3, natEvery: 4 })],
  ])('decodes to exactly the message encoded whole, for every peer of %s', (_name, wan) => {
    const encoder = new SnapshotEncoder();
    const states = [...compile(wan).states.values()];
    expect(states.length).toBeGreaterThan(2);
    for (const [index, state] of states.entries()) {
      const spliced = fromBinary(DesiredStateSnapshotSchema, encoder.encode('agent-1', BigInt(index + 1), state, [], 1_700_000_000_000));
      const whole = fromBinary(DesiredStateSnapshotSchema, reference('agent-1', BigInt(index + 1), state, 1_700_000_000_000));
      expect(equals(DesiredStateSnapshotSchema, spliced, whole)).toBe(true);
      expect(desiredStateFromWire(spliced.state!)).toEqual(state);
    }
  });

  it('gives the same bytes from a warm cache as from a fresh encoder', () => {
    const states = [...compile(syntheticWan({ topology: 'mesh', peers: 50 })).states.values()];
    const warm = new SnapshotEncoder();
    for (const state of states) warm.encode('a', 1n, state, [], 5);
    expect(Buffer.from(warm.encode('a', 1n, states[7], [], 5))).toEqual(Buffer.from(new SnapshotEncoder().encode('a', 1n, states[7], [], 5)));
  });

  it('encodes a snapshot without a state, with its issues', () => {
    const bytes = new SnapshotEncoder().encode('a', 0n, undefined, [{ code: 'PEER.NO_PUBLIC_KEY', peerId: 'p', message: 'no key' }]);
    const decoded = fromBinary(DesiredStateSnapshotSchema, bytes);
    expect(decoded.state).toBeUndefined();
    expect(decoded.issues.map((issue) => [issue.code, issue.peerId])).toEqual([['PEER.NO_PUBLIC_KEY', 'p']]);
  });
});
