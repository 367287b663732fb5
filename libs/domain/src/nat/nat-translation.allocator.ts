import { DomainError } from '../errors';
import { alignUp, formatCidr, lastAddress, parseCidr, prefixSize, type Ipv4Prefix } from '../net/ipv4';

/**
 * Where translations come from, in order (spec §9.3). 10.0.0.0/8 is left out on purpose:
 * the WAN's own ranges default to it and most corporate LANs live in it, so a translation
 * there would be the likeliest to collide with something nobody has told us about yet.
 */
export const NAT_TRANSLATION_SPACES: readonly string[] = ['172.16.0.0/12', '192.168.0.0/16'];

const SPACES: readonly Ipv4Prefix[] = NAT_TRANSLATION_SPACES.map((cidr) => parseCidr(cidr));

/** An inclusive run of used addresses; runs are sorted and never touch each other. */
interface UsedRun {
  readonly first: number;
  readonly last: number;
}

/**
 * A free subnet of the same size as `cidr` to translate it to with 1:1 NAT (spec §4.4.3):
 * the lowest aligned block in 172.16.0.0/12, else in 192.168.0.0/16, that overlaps nothing
 * in `inUse`. Callers pass every subnet and translation of the WAN plus its tunnel and
 * shared-services ranges. The same inputs always give the same answer, in any order.
 *
 * Cost: O(m log m) for m in-use prefixes; candidates jump past each used run in one step.
 * Throws `NAT.SPACE_EXHAUSTED` when no block fits, including a subnet wider than a /12.
 *
 * Example: `assignNatTranslation('192.168.1.0/24', ['192.168.1.0/24', '172.16.0.0/24'])`
 * → `'172.16.1.0/24'`.
 */
export function assignNatTranslation(cidr: string, inUse: Iterable<string>, field = 'cidr'): string {
  const subnet = parseCidr(cidr, field);
  const used = usedRuns(inUse);
  const widest = SPACES.reduce((min, space) => Math.min(min, space.length), 32);
  if (subnet.length < widest) {
    throw new DomainError(
      'NAT.SPACE_EXHAUSTED',
      `${formatCidr(subnet)} is too large to translate: the biggest NAT space, ${NAT_TRANSLATION_SPACES[0]}, holds at most a /${widest}. ` +
        'Route only the part of the subnet that needs to be reached and translate that, or renumber the network.',
      { field, cidr: formatCidr(subnet), reason: 'too-large' },
    );
  }
  for (const space of SPACES) {
    if (subnet.length < space.length) continue;
    const base = firstFreeBlock(space, subnet.length, used);
    if (base !== null) return formatCidr({ base, length: subnet.length });
  }
  throw new DomainError(
    'NAT.SPACE_EXHAUSTED',
    `No free /${subnet.length} is left in ${NAT_TRANSLATION_SPACES.join(' or ')} to translate ${formatCidr(subnet)}. ` +
      'Translate a smaller part of the subnet, or change one of the conflicting networks manually.',
    { field, cidr: formatCidr(subnet), reason: 'exhausted' },
  );
}

/** Parses, sorts and merges the in-use prefixes, so a candidate is checked against one run. */
function usedRuns(inUse: Iterable<string>): UsedRun[] {
  const prefixes = [...inUse].map((text, index) => parseCidr(text, `inUse[${index}]`)).sort((a, b) => a.base - b.base);
  const runs: { first: number; last: number }[] = [];
  for (const prefix of prefixes) {
    const previous = runs[runs.length - 1];
    if (previous && prefix.base <= previous.last + 1) previous.last = Math.max(previous.last, lastAddress(prefix));
    else runs.push({ first: prefix.base, last: lastAddress(prefix) });
  }
  return runs;
}

/** The lowest aligned /`length` base in `space` clear of every run, or null. */
function firstFreeBlock(space: Ipv4Prefix, length: number, used: readonly UsedRun[]): number | null {
  const size = prefixSize(length);
  const spaceLast = lastAddress(space);
  let next = 0;
  for (let base = space.base; base + size - 1 <= spaceLast; ) {
    while (next < used.length && used[next]!.last < base) next++;
    const run = used[next];
    if (!run || run.first > base + size - 1) return base;
    base = alignUp(run.last + 1, length);
  }
  return null;
}
