import { convertToParamMap } from '@angular/router';
import { DEFAULT_PEER_LIST_SORT, isSubnetFilter, parsePeerListState, peerListParams, peerListQuery, withFilter } from './peer-list.logic';

const parse = (query: Record<string, string>) => parsePeerListState(convertToParamMap(query));

describe('peer list state in the URL', () => {
  it('defaults to the first page of 50 by name, with no filters', () => {
    const state = parse({});
    expect(state).toEqual({ q: '', type: '', status: '', tag: '', subnet: '', sort: DEFAULT_PEER_LIST_SORT, paging: { page: 0, size: 50 } });
    expect(peerListParams(state)).toEqual({ q: null, type: null, status: null, tag: null, subnet: null, sort: null, page: null, size: null });
    expect(peerListQuery(state)).toEqual({ q: '', type: '', status: '', tag: '', subnet: '', sort: 'name', limit: 50, offset: 0 });
  });

  it('round-trips every parameter through the URL', () => {
    const query = { q: 'paris', type: 'mikrotik', status: 'online', tag: 'core', subnet: '192.168.0.0/16', sort: '-lastHandshake', page: '3', size: '100' };
    const state = parse(query);
    expect(peerListParams(state)).toEqual(query);
    expect(peerListQuery(state)).toMatchObject({ sort: '-lastHandshake', limit: 100, offset: 200, type: 'mikrotik' });
  });

  it('drops what a hand-edited URL holds that the API would refuse', () => {
    const state = parse({ type: 'router', status: 'up', sort: 'bogus', page: '-2', size: '7' });
    expect(state).toMatchObject({ type: '', status: '', sort: DEFAULT_PEER_LIST_SORT, paging: { page: 0, size: 50 } });
    expect(parse({ q: 'x'.repeat(300) }).q).toHaveLength(100);
  });

  it('goes back to the first page when a filter changes', () => {
    expect(withFilter(parse({ page: '4' }), 'q', ' lyon ')).toMatchObject({ q: 'lyon', paging: { page: 0 } });
  });

  it.each([
    ['10.0.0.0/8', true],
    ['192.168.1.0/24', true],
    ['192.168.1.0', false],
    ['300.1.1.0/24', false],
    ['10.0.0.0/33', false],
  ])('%s is a subnet filter: %s', (value, ok) => expect(isSubnetFilter(value)).toBe(ok));
});
