import type { CompileResult, DesiredState } from '@wom/domain';
import { edgesOf, withHandshakeAges } from './topology-edges';

const result = (links: Record<string, string[]>): CompileResult => ({
  states: new Map(Object.entries(links).map(([id, remotes]) => [id, { peerId: id, peers: remotes.map((peerId) => ({ peerId })) } as unknown as DesiredState])),
  issues: [],
});

describe('edgesOf', () => {
  it('gives one undirected edge per linked pair, kinds from hubs and connections', () => {
    const compiled = result({ h: ['a', 'b'], a: ['h', 'b'], b: ['h', 'a'] });
    expect(edgesOf(compiled, new Set(['h']), [{ id: 'c1', peerAId: 'b', peerBId: 'a' }])).toEqual([
      { source: 'a', target: 'b', kind: 'connection', connectionId: 'c1' },
      { source: 'a', target: 'h', kind: 'hub', connectionId: null },
      { source: 'b', target: 'h', kind: 'hub', connectionId: null },
    ]);
  });

  it('counts a link listed by one side only', () => {
    expect(edgesOf(result({ a: ['b'], b: [] }), new Set(), [])).toEqual([{ source: 'a', target: 'b', kind: 'mesh', connectionId: null }]);
  });
});

describe('withHandshakeAges', () => {
  const edges = [
    { source: 'a', target: 'b', kind: 'mesh' as const, connectionId: null },
    { source: 'a', target: 'c', kind: 'mesh' as const, connectionId: null },
    { source: 'b', target: 'c', kind: 'mesh' as const, connectionId: null },
  ];
  const now = new Date('2026-01-31T12:00:00Z');

  it('adds the age of each reported handshake, null for a link reported without one, nothing for unreported links', () => {
    const readings = [
      { pairKey: 'a|b', lastHandshake: new Date('2026-01-31T11:58:30.400Z') },
      { pairKey: 'b|c', lastHandshake: null },
    ];
    expect(withHandshakeAges(edges, readings, now)).toEqual([
      { ...edges[0], handshakeAgeSeconds: 89 },
      edges[1],
      { ...edges[2], handshakeAgeSeconds: null },
    ]);
  });

  it('never gives a negative age for a clock a little ahead', () => {
    expect(withHandshakeAges([edges[0]!], [{ pairKey: 'a|b', lastHandshake: new Date(now.getTime() + 5000) }], now)[0]!.handshakeAgeSeconds).toBe(0);
  });
});
