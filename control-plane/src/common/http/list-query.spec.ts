import { containsPattern, parseSort } from './list-query';

describe('parseSort', () => {
  it.each([
    ['name', { field: 'name', direction: 'ASC' }],
    ['-name', { field: 'name', direction: 'DESC' }],
    ['-lastHandshake', { field: 'lastHandshake', direction: 'DESC' }],
  ] as const)('%s', (sort, expected) => expect(parseSort(sort)).toEqual(expected));
});

describe('containsPattern', () => {
  it.each([
    ['paris', '%paris%'],
    ['50%', '%50\\%%'],
    ['site_1', '%site\\_1%'],
    ['a\\b', '%a\\\\b%'],
    ['', '%%'],
  ])('%j → %j', (text, pattern) => expect(containsPattern(text)).toBe(pattern));
});
