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

/**
 * The list with every item that `replacements` names replaced, where it stood, by its parts
 * (no parts removes it). A part the list already holds is not repeated. Returns the same
 * object when the list holds none of the items, so unaffected lists stay shared. With
 * `positions` (see {@link withoutItems}) finding an item is O(1); without, one pass.
 *
 * Example: ['a', 'b', 'c'] with b → ['b1', 'b2'] and c → [] gives ['a', 'b1', 'b2'].
 */
export function replaceItems(
  list: DigestedList,
  replacements: ReadonlyMap<string, readonly string[]>,
  cache: TextDigestCache,
  positions?: ReadonlyMap<string, number>,
): DigestedList {
  const found: number[] = [];
  if (positions) {
    for (const item of replacements.keys()) {
      const position = positions.get(item);
      if (position !== undefined) found.push(position);
    }
    found.sort((a, b) => a - b);
  } else {
    for (let i = 0; i < list.items.length; i++) if (replacements.has(list.items[i]!)) found.push(i);
  }
  if (found.length === 0) return list;
  const stays = (part: string) => !replacements.has(part) && (positions ? positions.has(part) : list.items.includes(part));
  const added = new Set<string>();
  const digest = [...list.digest];
  // Native slices between the replaced positions: a spoke's list can hold thousands of items.
  const segments: (readonly string[])[] = [];
  let from = 0;
  for (const position of found) {
    const item = list.items[position]!;
    segments.push(list.items.slice(from, position));
    subtractInto(digest, cache.of(item));
    const parts = replacements.get(item)!.filter((part) => !added.has(part) && !stays(part));
    for (const part of parts) {
      added.add(part);
      addInto(digest, cache.of(part));
    }
    segments.push(parts);
    from = position + 1;
  }
  segments.push(list.items.slice(from));
  return { items: ([] as string[]).concat(...segments), digest };
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
