// Type-only: the digest reads the domain's own values; nothing of the domain runs here, so
// contracts stay a leaf at runtime.
// eslint-disable-next-line @nx/enforce-module-boundaries
import type { DesiredState, WireGuardPeerEntry } from '@wom/domain';

const FNV_PRIME = 0x01000193;
/** Two FNV-1a lanes with different offsets make a 64-bit digest. */
const SEED_A = 0x811c9dc5;
const SEED_B = 0x2f7a1e53;
/** Ends every text, so ["ab", "c"] and ["a", "bc"] differ. */
const SEPARATOR = 0xffff;

/**
 * Two-lane FNV-1a over UTF-16 code units. It guards against a rebuilt state that differs from
 * the published one (a bug, a lost or reordered section), not against an attacker: the
 * notice arrives over the agent's own authenticated subject.
 */
class Fnv64 {
  a = SEED_A;
  b = SEED_B;

  text(value: string): this {
    let { a, b } = this;
    for (let i = 0; i < value.length; i++) {
      const unit = value.charCodeAt(i);
      a = Math.imul(a ^ unit, FNV_PRIME);
      b = Math.imul(b ^ unit, FNV_PRIME);
    }
    this.a = Math.imul(a ^ SEPARATOR, FNV_PRIME);
    this.b = Math.imul(b ^ SEPARATOR, FNV_PRIME);
    return this;
  }

  /** A value that may be null; null and "" differ. */
  optional(value: string | number | null): this {
    return value === null ? this.word(0).word(0) : this.word(1).text(String(value));
  }

  list(values: readonly string[]): this {
    this.word(values.length);
    for (const value of values) this.text(value);
    return this;
  }

  word(value: number): this {
    this.a = Math.imul(this.a ^ (value >>> 0), FNV_PRIME);
    this.b = Math.imul(this.b ^ (value >>> 0), FNV_PRIME);
    return this;
  }

  hex(): string {
    return (this.a >>> 0).toString(16).padStart(8, '0') + (this.b >>> 0).toString(16).padStart(8, '0');
  }
}

function entryDigest(entry: WireGuardPeerEntry): readonly [number, number] {
  const hash = new Fnv64()
    .text(entry.peerId)
    .text(entry.name)
    .text(entry.publicKey)
    .optional(entry.endpoint?.host ?? null)
    .optional(entry.endpoint?.port ?? null)
    .optional(entry.persistentKeepalive)
    .list(entry.allowedIps);
  return [hash.a, hash.b];
}

/**
 * The digest of a desired state's canonical content, every field and every list in order.
 * The publisher sends it with a delta; the agent recomputes it over the state it rebuilt.
 * (The domain's `contentHash` cannot serve: the compiler computes it from its own
 * intermediate facts, which an agent does not have.)
 *
 * One digester may serve many states: entries are hashed once per distinct entry, found by
 * their `allowedIps` array, which the compiler shares between the states a remote appears
 * in and a rebuilt state keeps for every unchanged entry.
 */
export class DesiredStateDigester {
  private readonly entries = new WeakMap<readonly string[], { readonly entry: WireGuardPeerEntry; readonly digest: readonly [number, number] }[]>();

  digest(state: DesiredState): string {
    const { interface: iface, firewall } = state;
    const hash = new Fnv64()
      .text(state.peerId)
      .text(state.wanId)
      .text(state.peerName)
      .text(state.peerType)
      .text(iface.name)
      .optional(iface.listenPort)
      .optional(iface.mtu)
      .list(iface.addresses)
      .list(iface.dns)
      .text(iface.tunnelIp)
      .text(iface.tunnelRange)
      .list(state.routes)
      .word(firewall.relay ? 1 : 0)
      .list(firewall.localDestinations)
      .word(state.serviceNat.length);
    for (const rule of state.serviceNat) {
      hash.text(rule.serviceId).text(rule.name).list(rule.protocols).text(rule.sharedIp).word(rule.sharedPort).text(rule.localIp).word(rule.localPort);
    }
    hash.word(state.netmap.length);
    for (const rule of state.netmap) hash.text(rule.subnetId).text(rule.realCidr).text(rule.translatedCidr);
    hash.text(state.contentHash).word(state.peers.length);
    for (const entry of state.peers) {
      const [a, b] = this.entry(entry);
      hash.word(a).word(b);
    }
    return hash.hex();
  }

  private entry(entry: WireGuardPeerEntry): readonly [number, number] {
    let seen = this.entries.get(entry.allowedIps);
    if (!seen) {
      seen = [];
      this.entries.set(entry.allowedIps, seen);
    }
    const hit = seen.find((candidate) => candidate.entry === entry || sameEntryApartFromAllowedIps(candidate.entry, entry));
    if (hit) return hit.digest;
    const digest = entryDigest(entry);
    seen.push({ entry, digest });
    return digest;
  }
}

/** A digest with no cache, for a single state. */
export function desiredStateDigest(state: DesiredState): string {
  return new DesiredStateDigester().digest(state);
}

/** Equal apart from `allowedIps`, which the caller compares (often by identity). */
export function sameEntryApartFromAllowedIps(a: WireGuardPeerEntry, b: WireGuardPeerEntry): boolean {
  return (
    a.peerId === b.peerId &&
    a.name === b.name &&
    a.publicKey === b.publicKey &&
    a.persistentKeepalive === b.persistentKeepalive &&
    a.endpoint?.host === b.endpoint?.host &&
    a.endpoint?.port === b.endpoint?.port
  );
}
