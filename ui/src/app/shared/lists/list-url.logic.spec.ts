import { convertToParamMap } from '@angular/router';
import { lastPage, limitOffset, oneOf, parsePaging, parseSort, sortValue, urlParams } from './list-url.logic';

describe('list URL state', () => {
  const fallback = { active: 'name', direction: 'asc' } as const;

  it.each([
    [{}, { page: 0, size: 50 }],
    [{ page: '3', size: '100' }, { page: 2, size: 100 }],
    [{ page: '0', size: '13' }, { page: 0, size: 50 }],
    [{ page: '1.5' }, { page: 0, size: 50 }],
    [{ page: '999999' }, { page: 19_999, size: 50 }],
  ])('paging of %j', (query, paging) => expect(parsePaging(convertToParamMap(query))).toEqual(paging));

  it('parses and writes sorts, falling back on unknown fields', () => {
    expect(parseSort('-type', ['name', 'type'], fallback)).toEqual({ active: 'type', direction: 'desc' });
    expect(parseSort('type', ['name', 'type'], fallback)).toEqual({ active: 'type', direction: 'asc' });
    expect(parseSort('-bogus', ['name', 'type'], fallback)).toBe(fallback);
    expect(sortValue({ active: 'type', direction: 'desc' })).toBe('-type');
  });

  it('leaves defaults and empty filters out of the URL', () => {
    expect(urlParams({ q: '', type: 'hub' }, fallback, fallback, { page: 0, size: 50 })).toEqual({ q: null, type: 'hub', sort: null, page: null, size: null });
    expect(urlParams({}, { active: 'name', direction: 'desc' }, fallback, { page: 1, size: 25 })).toEqual({ sort: '-name', page: '2', size: '25' });
  });

  it('computes offsets and the last page', () => {
    expect(limitOffset({ page: 199, size: 50 })).toEqual({ limit: 50, offset: 9950 });
    expect(lastPage(10_000, 50)).toBe(199);
    expect(lastPage(0, 50)).toBe(0);
    expect(oneOf('hub', ['hub', 'client'])).toBe('hub');
    expect(oneOf('router', ['hub', 'client'])).toBe('');
  });

});
