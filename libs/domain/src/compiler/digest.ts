/**
 * A 128-bit additive digest for recognising unchanged desired state.
 *
 * Why not SHA-256 over the serialised state: a 1,000-peer mesh holds a million peer entries,
 * and hashing them all costs more than compiling them. Here each distinct string is hashed
 * once, lists and states combine member digests by lane-wise addition, and removing a member
 * is a subtraction. A spoke's "everything but my own subnets" list therefore costs O(own)
 * rather than O(WAN). It detects accidental change (about 2^-64 odds of missing one), not
 * tampering: nothing it protects is secret, and a forger could simply send a new state.
 */
/** Four 32-bit lanes held as signed int32 numbers, which V8 stores unboxed in a plain array. */
export type Digest = number[];

const LANES = 4;

/** The roles a member digest can play in a state digest; see {@link tagged}. */
export const DIGEST_TAG = { entryFields: 1, allowedIps: 2, keepalive: 3, routes: 4, header: 5, entry: 6 } as const;
const SEEDS = [0x9e3779b1, 0x85ebca77, 0xc2b2ae3d, 0x27d4eb2f] as const;

export function emptyDigest(): Digest {
  return [0, 0, 0, 0];
}

/** Murmur3's finaliser: spreads every input bit over the whole lane. */
function avalanche(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/**
 * Hashes a string in one pass: two independent 32-bit accumulators per character, spread
 * over four lanes at the end. A string's digest carries 64 bits of entropy, which puts the
 * odds that a change goes unnoticed near 2^-64; the extra lanes keep sums of many digests
 * from cancelling out.
 */
export function hashText(text: string): Digest {
  return hashParts(text);
}

/**
 * {@link hashText} of several strings joined by a separator no string contains (`null`
 * hashes apart from `""`), without building the joined string.
 */
export function hashParts(...parts: readonly (string | null)[]): Digest {
  let h0 = SEEDS[0] ^ parts.length;
  let h1 = SEEDS[1] ^ parts.length;
  for (const part of parts) {
    const length = part === null ? -1 : part.length;
    h0 = Math.imul(h0 ^ length, 0x01000193);
    h1 = Math.imul((h1 << 5) | (h1 >>> 27), 0x27d4eb2f) ^ length;
    if (part === null) continue;
    // Two UTF-16 units per step: half the multiplications, and still every bit of each.
    const end = part.length - 1;
    let i = 0;
    for (; i < end; i += 2) {
      const c = (part.charCodeAt(i) << 16) | part.charCodeAt(i + 1);
      h0 = Math.imul(h0 ^ c, 0x01000193);
      h1 = Math.imul((h1 << 5) | (h1 >>> 27), 0x27d4eb2f) ^ c;
    }
    if (i === end) {
      const c = part.charCodeAt(i);
      h0 = Math.imul(h0 ^ c, 0x01000193);
      h1 = Math.imul((h1 << 5) | (h1 >>> 27), 0x27d4eb2f) ^ c;
    }
  }
  return [avalanche(h0), avalanche(h1), avalanche(h0 ^ Math.imul(h1, SEEDS[2])), avalanche(h1 + Math.imul(h0, SEEDS[3]))];
}

/** Adds `b` into `a` lane by lane (mod 2^32). */
export function addInto(a: Digest, b: Digest): Digest {
  for (let lane = 0; lane < LANES; lane++) a[lane] = (a[lane]! + b[lane]!) | 0;
  return a;
}

export function subtractInto(a: Digest, b: Digest): Digest {
  for (let lane = 0; lane < LANES; lane++) a[lane] = (a[lane]! - b[lane]!) | 0;
  return a;
}

/**
 * Binds a member digest to a tag (its position or role), so the same value in two roles,
 * or two members swapped between roles, gives a different total.
 */
export function tagged(digest: Digest, tag: number): Digest {
  return addTaggedInto(emptyDigest(), digest, tag);
}

/** `acc += tagged(digest, tag)` without allocating: the compiler does this per peer entry. */
export function addTaggedInto(acc: Digest, digest: Digest, tag: number): Digest {
  const first = digest[0]!;
  for (let lane = 0; lane < LANES; lane++) {
    const next = lane === LANES - 1 ? first : digest[lane + 1]!;
    acc[lane] = (acc[lane]! + avalanche((digest[lane]! ^ Math.imul(tag + 1, SEEDS[lane]!)) + next)) | 0;
  }
  return acc;
}

export function digestHex(digest: Digest): string {
  let hex = '';
  for (let lane = 0; lane < LANES; lane++) hex += (digest[lane]! >>> 0).toString(16).padStart(8, '0');
  return hex;
}

/** Memoises string digests: a WAN repeats the same CIDRs and keys across many states. */
export class TextDigestCache {
  private readonly cache = new Map<string, Digest>();

  of(text: string): Digest {
    let digest = this.cache.get(text);
    if (!digest) {
      digest = hashText(text);
      this.cache.set(text, digest);
    }
    return digest;
  }
}
