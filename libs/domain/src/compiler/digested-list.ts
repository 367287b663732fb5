import { addInto, emptyDigest, subtractInto, type Digest, type TextDigestCache } from './digest';

/**
 * A list of strings with its digest kept alongside, so lists derived from a shared one
 * (a spoke's "everything but mine") are digested in O(change) instead of O(list).
 */
export interface DigestedList {
  readonly items: readonly string[];
  readonly digest: Digest;
}

export function digestedList(items: readonly string[], cache: TextDigestCache): DigestedList {
  const digest = emptyDigest();
  for (const item of items) addInto(digest, cache.of(item));
  return { items, digest };
}

/**
 * The list without `remove`. Returns the same object when nothing is removed, so states
 * that differ only elsewhere keep sharing one array. Pass `positions` (item → index) for a
 * list that many removals start from, so finding an item is O(1) rather than a scan.
 */
export function withoutItems(
  list: DigestedList,
  remove: readonly string[],
  cache: TextDigestCache,
  positions?: ReadonlyMap<string, number>,
): DigestedList {
  if (remove.length === 0) return list;
  const found = [...new Set(remove)]
    .map((item) => (positions ? (positions.get(item) ?? -1) : list.items.indexOf(item)))
    .filter((position) => position >= 0)
    .sort((a, b) => a - b);
  if (found.length === 0) return list;
  const digest = [...list.digest];
  for (const position of found) subtractInto(digest, cache.of(list.items[position]!));
  // One native copy: a spoke usually removes a single subnet from a list of thousands.
  const items = list.items.toSpliced(found[found.length - 1]!, 1);
  for (let i = found.length - 2; i >= 0; i--) items.splice(found[i]!, 1);
  return { items, digest };
}

/** Item → index, for {@link withoutItems} on a list many derived lists start from. */
export function positionsOf(list: DigestedList): Map<string, number> {
  return new Map(list.items.map((item, index) => [item, index]));
}

export function concatLists(lists: readonly DigestedList[]): DigestedList {
  if (lists.length === 1) return lists[0]!;
  const digest = emptyDigest();
  for (const list of lists) addInto(digest, list.digest);
  return { items: lists.flatMap((list) => list.items), digest };
}
