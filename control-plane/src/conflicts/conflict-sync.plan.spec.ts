import type { RoutingConflict } from '@wom/domain';
import { conflictShape, planConflictSync } from './conflict-sync.plan';

const party = (subnetId: string, routedAs: string | null = '192.168.1.0/24') => ({
  kind: 'subnet' as const,
  peerId: `p-${subnetId}`,
  peerName: `peer ${subnetId}`,
  subnetId,
  cidr: '192.168.1.0/24',
  routedAs,
});

const conflict = (a: string, b: string, routedB: string | null = '192.168.1.0/24'): RoutingConflict => ({
  id: `routing:${a}:${b}`,
  severity: 'routing',
  kinds: routedB ? ['ambiguous-route', 'shadowed-route'] : ['shadowed-route'],
  a: party(a),
  b: party(b, routedB),
  overlap: '192.168.1.0/24',
  shadowed: [{ subnetId: b, overlap: '192.168.1.0/24' }],
  message: 'm',
  resolutions: ['isolate', 'nat-translate', 'change-network', 'selective-routing'],
});

const row = (id: string, c: RoutingConflict, status = 'open') => ({ id, conflictKey: c.id, status, detail: c as unknown as Record<string, unknown> });

describe('planConflictSync', () => {
  it('inserts new conflicts, refreshes known ones and removes vanished ones', () => {
    const [ab, cd, ef] = [conflict('a', 'b'), conflict('c', 'd'), conflict('e', 'f')];
    const plan = planConflictSync([row('1', ab), row('2', cd)], [cd, ef]);
    expect(plan).toEqual({ insert: [ef], update: [{ id: '2', conflict: cd, reopen: false }], remove: ['1'] });
  });

  it('keeps an accepted residue resolved and reopens it when its shape changes', () => {
    const residue = conflict('a', 'b', null);
    expect(planConflictSync([row('1', residue, 'resolved')], [residue]).update).toEqual([{ id: '1', conflict: residue, reopen: false }]);
    const worse = conflict('a', 'b');
    expect(planConflictSync([row('1', residue, 'resolved')], [worse]).update).toEqual([{ id: '1', conflict: worse, reopen: true }]);
  });

  it('keeps a resolved conflict resolved when its stored detail comes back from jsonb with keys reordered', () => {
    const residue = conflict('a', 'b', null);
    // jsonb orders keys by length, then bytes: {overlap, subnetId} instead of {subnetId, overlap}.
    const fromJsonb = { ...residue, shadowed: residue.shadowed.map(({ subnetId, overlap }) => ({ overlap, subnetId })) };
    expect(JSON.stringify(fromJsonb.shadowed)).not.toBe(JSON.stringify(residue.shadowed));
    expect(planConflictSync([row('1', fromJsonb as RoutingConflict, 'resolved')], [residue]).update).toEqual([{ id: '1', conflict: residue, reopen: false }]);
  });

  it('ignores names and messages in the shape', () => {
    const renamed = { ...conflict('a', 'b'), message: 'other', a: { ...party('a'), peerName: 'x' } };
    expect(conflictShape(renamed)).toBe(conflictShape(conflict('a', 'b')));
  });
});
