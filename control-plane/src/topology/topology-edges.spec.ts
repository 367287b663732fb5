import type { CompileResult, DesiredState } from '@wom/domain';
import { edgesOf } from './topology-edges';

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
