import { fallbackWanId, legacyTarget, portableQuery, scopeWanFilter, switchWanPath, wanIdInPath, wanPath } from './wan-path.logic';

describe('WAN paths', () => {
  it('builds router commands under the WAN', () => {
    expect(wanPath('w1', 'peers', 'p1', 'edit')).toEqual(['/wans', 'w1', 'peers', 'p1', 'edit']);
    expect(wanPath('w1')).toEqual(['/wans', 'w1']);
    expect(wanPath('w1', 'jobs', '')).toEqual(['/wans', 'w1', 'jobs']);
    expect(wanPath(null, 'peers')).toEqual(['/', 'peers']);
  });

  it.each([
    [['wans', 'w1', 'peers'], 'w1'],
    [['wans', 'w1'], 'w1'],
    [['wans'], null],
    [['peers', 'w1'], null],
    [[], null],
  ])('reads the WAN of %p', (segments, expected) => {
    expect(wanIdInPath(segments)).toBe(expected);
  });

  it.each([
    [[], ['/wans', 'w2']],
    [['peers'], ['/wans', 'w2', 'peers']],
    [['peers', 'p1', 'edit'], ['/wans', 'w2', 'peers', 'p1', 'edit']],
    [['jobs'], ['/wans', 'w2', 'jobs']],
    [['wans'], ['/wans', 'w2', 'settings']],
    [['users'], null],
    [['login'], null],
  ])('sends the old link %p to the same page of the WAN', (segments, expected) => {
    expect(legacyTarget(segments, 'w2')).toEqual(expected);
  });

  it.each([
    [['wans', 'w1'], ['/wans', 'w2']],
    [['wans', 'w1', 'topology'], ['/wans', 'w2', 'topology']],
    [['wans', 'w1', 'peers', 'p1'], ['/wans', 'w2', 'peers']],
    [['wans', 'w1', 'peers', 'p1', 'edit'], ['/wans', 'w2', 'peers']],
    [['wans', 'w1', 'peers', 'new'], ['/wans', 'w2', 'peers', 'new']],
    [['wans', 'w1', 'settings'], ['/wans', 'w2', 'settings']],
    [['wans'], ['/wans', 'w2', 'settings']],
    [['users'], null],
  ])('switches %p to the same page of another WAN', (segments, expected) => {
    expect(switchWanPath(segments, 'w2')).toEqual(expected);
  });

  it('keeps only the query that means the same in another WAN', () => {
    expect(portableQuery({ scope: 'all', batch: 'j1,j2' })).toEqual({ scope: 'all' });
    expect(portableQuery({ scope: ['a'], other: 'x' })).toEqual({});
  });

  it('falls back to the remembered WAN while it exists, else the first', () => {
    const wans = [{ id: 'a' }, { id: 'b' }];
    expect(fallbackWanId(wans, 'b')).toBe('b');
    expect(fallbackWanId(wans, 'gone')).toBe('a');
    expect(fallbackWanId(wans, null)).toBe('a');
    expect(fallbackWanId([], 'b')).toBeNull();
  });

  it('filters a scoped list by the selected WAN unless every WAN is asked for', () => {
    expect(scopeWanFilter(null, 'w1')).toBe('w1');
    expect(scopeWanFilter('wan', 'w1')).toBe('w1');
    expect(scopeWanFilter('all', 'w1')).toBeUndefined();
    expect(scopeWanFilter(null, null)).toBeUndefined();
  });
});
