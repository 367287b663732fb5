import { RouterOsFailure } from './emulator.model';
import { matchesFilters, matchesQuery, parseProplist, project } from './query';

const row = { '.id': '*1', name: 'ether1', type: 'ether', mtu: '1500', disabled: 'false' };

describe('emulator query evaluation', () => {
  it.each([
    [['name'], true],
    [['comment'], false],
    [['-comment'], true],
    [['name=ether1'], true],
    [['type=vlan'], false],
    [['type=vlan', 'type=ether', '#|'], true],
    [['type=vlan', 'type=ether', '#&'], false],
    [['type=vlan', '#!'], true],
    [['<mtu=1501'], true],
    [['>mtu=1500'], false],
    [['>name=eth'], true],
    [['<name=zzz', '#.', '#&'], true],
    [['type=vlan', 'name=ether1', '#1'], false],
    [['disabled=no'], true],
    [['<missing=1'], false],
  ])('%j → %s', (words, expected) => {
    expect(matchesQuery(row, words)).toBe(expected);
  });

  it('refuses malformed queries with 400', () => {
    for (const words of [['#|'], ['#5'], ['#x'], ['<name']]) {
      expect(() => matchesQuery(row, words)).toThrow(RouterOsFailure);
    }
  });

  it('filters by type-aware equality and projects proplists', () => {
    expect(matchesFilters(row, [['disabled', 'no'], ['.id', '*1']])).toBe(true);
    expect(matchesFilters(row, [['disabled', 'yes']])).toBe(false);
    expect(parseProplist(['a', ' b '])).toEqual(['a', 'b']);
    expect(parseProplist(undefined)).toBeUndefined();
    expect(project(row, ['name', 'nope'], true)).toEqual({ '.id': '*1', name: 'ether1' });
    expect(project(row, ['name'], false)).toEqual({ name: 'ether1' });
    expect(project(row, undefined, false)).toBe(row);
  });
});
