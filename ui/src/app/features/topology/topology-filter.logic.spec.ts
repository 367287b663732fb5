import { isFiltering, NO_FILTER, searchPeers, tagsOf, visibleNodes } from './topology-filter.logic';

const peers = [
  { label: 'hub', type: 'hub' as const, online: true, tags: ['core'], tunnelIp: '10.0.0.1' },
  { label: 'paris', type: 'mikrotik' as const, online: false, tags: ['eu', 'office'], tunnelIp: '10.0.0.2' },
  { label: 'sparrow', type: 'client' as const, online: true, tags: ['eu'], tunnelIp: '10.0.0.3' },
  { label: 'Lyon', type: 'mikrotik' as const, online: true, tags: [], tunnelIp: '10.0.0.14' },
];

describe('visibleNodes', () => {
  it('keeps everything (null) without a filter', () => {
    expect(isFiltering(NO_FILTER)).toBe(false);
    expect(visibleNodes(peers, NO_FILTER)).toBeNull();
  });

  it('filters by type, status and tag, all at once', () => {
    expect(visibleNodes(peers, { ...NO_FILTER, types: ['mikrotik'] })).toEqual([false, true, false, true]);
    expect(visibleNodes(peers, { ...NO_FILTER, types: ['hub', 'client'] })).toEqual([true, false, true, false]);
    expect(visibleNodes(peers, { ...NO_FILTER, status: 'offline' })).toEqual([false, true, false, false]);
    expect(visibleNodes(peers, { ...NO_FILTER, tag: 'eu' })).toEqual([false, true, true, false]);
    expect(visibleNodes(peers, { types: ['mikrotik'], status: 'online', tag: '' })).toEqual([false, false, false, true]);
  });
});

describe('searchPeers', () => {
  it('finds names containing the query, exact first, then prefixes, case-insensitive', () => {
    expect(searchPeers(peers, 'par')).toEqual([1, 2]);
    expect(searchPeers(peers, 'PARIS')).toEqual([1]);
    expect(searchPeers(peers, 'lyon')).toEqual([3]);
    expect(searchPeers([{ label: 'ab', tunnelIp: '' }, { label: 'a', tunnelIp: '' }, { label: 'ca', tunnelIp: '' }], 'a')).toEqual([1, 0, 2]);
  });

  it('finds a tunnel IP by prefix and nothing for a blank query', () => {
    expect(searchPeers(peers, '10.0.0.1')).toEqual([0, 3]);
    expect(searchPeers(peers, '  ')).toEqual([]);
    expect(searchPeers(peers, 'nowhere')).toEqual([]);
  });
});

describe('tagsOf', () => {
  it('lists each tag once, sorted', () => expect(tagsOf(peers)).toEqual(['core', 'eu', 'office']));
});
