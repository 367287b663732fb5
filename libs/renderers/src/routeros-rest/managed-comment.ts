import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * Identity of the RouterOS rows we manage. Every row carries `WAN-Overlay-Manager:<uuid>`,
 * where the uuid is an RFC 9562 UUIDv8 built so that:
 * - the same (peer, row key) always yields the same comment, so current and desired rows
 *   match exactly and a changed value PATCHes the same row;
 * - its first 48 bits come from sha256(peerId) alone, so all rows of one peer's config share
 *   the prefix `WAN-Overlay-Manager:xxxxxxxx-xxxx-8` and two overlay configs on one router
 *   never touch each other's rows.
 *
 * Example: managedComment(peerId, 'route:10.0.5.0/24')
 *   → 'WAN-Overlay-Manager:1a2b3c4d-5e6f-8…'
 */
export const MANAGED_COMMENT_PREFIX = 'WAN-Overlay-Manager:';

const UUID_V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The UUIDv8 of one row: custom_a from the peer, custom_b/custom_c from peer + row key. */
export function managedUuid(peerId: string, rowKey: string): string {
  const peerHash = sha256(utf8ToBytes(peerId));
  const rowHash = sha256(utf8ToBytes(`${peerId}\0${rowKey}`));
  const bytes = new Uint8Array(16);
  bytes.set(peerHash.subarray(0, 6), 0);
  bytes.set(rowHash.subarray(0, 10), 6);
  // Version 8 in the high nibble of octet 6, variant 0b10 in the top bits of octet 8.
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytesToHex(bytes);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function managedComment(peerId: string, rowKey: string): string {
  return `${MANAGED_COMMENT_PREFIX}${managedUuid(peerId, rowKey)}`;
}

/**
 * What every comment of one peer's rows starts with: the marker, the 48 peer-derived bits and
 * the version nibble. Safe in a RouterOS regex: only hex digits, `-` and `:`.
 */
export function managedCommentPrefix(peerId: string): string {
  const hex = bytesToHex(sha256(utf8ToBytes(peerId)).subarray(0, 6));
  return `${MANAGED_COMMENT_PREFIX}${hex.slice(0, 8)}-${hex.slice(8, 12)}-8`;
}

/** True for a comment written by any overlay config (any peer), never for hand-written text. */
export function isManagedComment(comment: string | undefined): boolean {
  return (
    typeof comment === 'string' &&
    comment.startsWith(MANAGED_COMMENT_PREFIX) &&
    UUID_V8.test(comment.slice(MANAGED_COMMENT_PREFIX.length))
  );
}

/** True when the comment marks a row of `peerId`'s config. */
export function isManagedByPeer(comment: string | undefined, peerId: string): boolean {
  return hasManagedPrefix(comment, managedCommentPrefix(peerId));
}

/** Like {@link isManagedByPeer} with a prefix computed once, for loops over whole tables. */
export function hasManagedPrefix(comment: string | undefined, prefix: string): boolean {
  return isManagedComment(comment) && (comment as string).startsWith(prefix);
}
