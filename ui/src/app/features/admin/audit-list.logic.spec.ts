import { convertToParamMap } from '@angular/router';
import { auditListParams, auditListQuery, changedFields, isoToLocal, localToIso, parseAuditListState, withAuditFilter } from './audit-list.logic';

const parse = (query: Record<string, string>) => parseAuditListState(convertToParamMap(query));

describe('audit list state in the URL', () => {
  it('defaults to the newest 50 entries, no filters', () => {
    const state = parse({});
    expect(auditListQuery(state, undefined)).toEqual({ q: '', actor: '', action: '', entityType: '', entityId: '', from: '', to: '', wanId: undefined, limit: 50, offset: 0 });
    expect(Object.values(auditListParams(state)).every((value) => value === null)).toBe(true);
  });

  it('round-trips every filter, the time range as instants', () => {
    const query = { q: 'paris', actor: 'alice', action: 'peer.update', entityType: 'peer', entityId: 'abc', from: '2026-01-01T00:00:00.000Z', to: '2026-01-31T23:59:00.000Z', page: '2', size: '100' };
    expect(auditListParams(parse(query))).toEqual(query);
    expect(auditListQuery(parse(query), 'w1')).toMatchObject({ wanId: 'w1', limit: 100, offset: 100, from: '2026-01-01T00:00:00.000Z' });
  });

  it('drops a time that is not one, and sends a swapped range in order', () => {
    expect(parse({ from: 'yesterday' }).from).toBe('');
    const swapped = parse({ from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' });
    expect(auditListQuery(swapped, undefined)).toMatchObject({ from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z' });
  });

  it('goes back to the first page when a filter changes', () => {
    expect(withAuditFilter(parse({ page: '3' }), 'actor', 'bob ')).toMatchObject({ actor: 'bob', paging: { page: 0 } });
  });

  it('converts datetime-local values to instants and back', () => {
    const iso = localToIso('2026-03-04T05:06');
    expect(iso).toBe(new Date(2026, 2, 4, 5, 6).toISOString());
    expect(isoToLocal(iso)).toBe('2026-03-04T05:06');
    expect(localToIso('')).toBe('');
    expect(isoToLocal('nonsense')).toBe('');
  });

  it('names the fields a change touched', () => {
    expect(changedFields({ name: 'a', port: 1, tags: ['x'] }, { name: 'a', port: 2, tags: ['x', 'y'], extra: true })).toEqual(['extra', 'port', 'tags']);
    expect(changedFields(null, { name: 'a' })).toEqual([]);
  });
});
