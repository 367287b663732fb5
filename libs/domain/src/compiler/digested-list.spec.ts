import { TextDigestCache } from './digest';
import { digestedList, positionsOf, replaceItems } from './digested-list';

describe('replaceItems', () => {
  const cache = new TextDigestCache();

  it.each<[string, string[], [string, string[]][], string[]]>([
    ['replaces an item where it stood', ['a', 'b', 'c'], [['b', ['b1', 'b2']]], ['a', 'b1', 'b2', 'c']],
    ['removes an item replaced by nothing', ['a', 'b', 'c'], [['c', []]], ['a', 'b']],
    ['replaces several items, first to last', ['a', 'b', 'c', 'd'], [['d', ['d1']], ['a', []], ['c', ['c1']]], ['b', 'c1', 'd1']],
    ['does not repeat a part the list already holds', ['a', 'b', 'c'], [['a', ['c', 'a1']]], ['a1', 'b', 'c']],
    ['adds a part that another replacement removes', ['a', 'b'], [['a', ['b']], ['b', []]], ['b']],
    ['gives two replacements one shared part once', ['a', 'b'], [['a', ['x']], ['b', ['x']]], ['x']],
    ['replaces every occurrence of an item', ['a', 'b', 'a'], [['a', []]], ['b']],
  ])('%s', (_label, items, replacements, expected) => {
    const list = digestedList(items, cache);
    const result = replaceItems(list, new Map(replacements), cache);
    expect(result.items).toEqual(expected);
    // Kept incrementally, the digest must equal one built from scratch.
    expect(result.digest).toEqual(digestedList(expected, cache).digest);
    expect(list.items).toEqual(items);
  });

  it('with positions gives what a scan gives, for a list without repeats', () => {
    const list = digestedList(['r1', 'r2', 'x', 'r3', 'y'], cache);
    const replacements = new Map([['y', ['y1']], ['x', []], ['r2', ['x', 'z']]]);
    const withPositions = replaceItems(list, replacements, cache, positionsOf(list));
    expect(withPositions).toEqual(replaceItems(list, replacements, cache));
    expect(withPositions.items).toEqual(['r1', 'x', 'z', 'r3', 'y1']);
  });

  it('returns the same list when it holds none of the items, so it stays shared', () => {
    const list = digestedList(['a', 'b'], cache);
    expect(replaceItems(list, new Map([['c', ['c1']]]), cache)).toBe(list);
    expect(replaceItems(list, new Map([['c', []]]), cache, positionsOf(list))).toBe(list);
  });
});
