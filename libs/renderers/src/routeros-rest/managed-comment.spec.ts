import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import {
  hasManagedPrefix,
  isManagedByPeer,
  isManagedComment,
  MANAGED_COMMENT_PREFIX,
  managedComment,
  managedCommentPrefix,
  managedUuid,
} from './managed-comment';

const PEER = '5b0e4a52-2f5e-4c1c-9d1a-1f7a8f0c0002';
const OTHER = '5b0e4a52-2f5e-4c1c-9d1a-1f7a8f0c0001';

describe('managedUuid', () => {
  it('is an RFC 9562 UUIDv8: version nibble 8, variant bits 10', () => {
    const uuid = managedUuid(PEER, 'interface');
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('takes its first 48 bits from sha256(peerId) and the rest from sha256(peerId NUL rowKey)', () => {
    const uuid = managedUuid(PEER, 'route:10.0.5.0/24').replace(/-/g, '');
    const peerHex = bytesToHex(sha256(utf8ToBytes(PEER)));
    const rowHex = bytesToHex(sha256(utf8ToBytes(`${PEER}\0route:10.0.5.0/24`)));
    expect(uuid.slice(0, 12)).toBe(peerHex.slice(0, 12));
    // Octets 6..15 come from the row hash, except the version nibble and the variant bits.
    expect(uuid.slice(13, 16)).toBe(rowHex.slice(1, 4));
    expect(uuid.slice(17)).toBe(rowHex.slice(5, 20));
    expect((parseInt(uuid.slice(16, 17), 16) & 0x3).toString(16)).toBe((parseInt(rowHex.slice(4, 5), 16) & 0x3).toString(16));
  });

  it('is deterministic, and differs per row key and per peer', () => {
    expect(managedUuid(PEER, 'interface')).toBe(managedUuid(PEER, 'interface'));
    const keys = ['interface', 'peer:a', 'peer:b', 'address:10.0.0.2/32', 'route:10.0.5.0/24', 'filter:relay', 'netmap:x:dst', 'netmap:x:src'];
    expect(new Set(keys.map((key) => managedUuid(PEER, key))).size).toBe(keys.length);
    expect(managedUuid(PEER, 'interface')).not.toBe(managedUuid(OTHER, 'interface'));
  });

  it('keeps the NUL separator so (peer "a", key "bc") and (peer "ab", key "c") stay apart', () => {
    expect(managedUuid('a', 'bc').slice(14)).not.toBe(managedUuid('ab', 'c').slice(14));
  });
});

describe('managedComment and its prefix', () => {
  it('marks every row of one peer with one shared prefix', () => {
    const prefix = managedCommentPrefix(PEER);
    expect(prefix).toMatch(/^WAN-Overlay-Manager:[0-9a-f]{8}-[0-9a-f]{4}-8$/);
    for (const key of ['interface', 'peer:x', 'nat:service:s:tcp']) expect(managedComment(PEER, key).startsWith(prefix)).toBe(true);
    expect(managedComment(OTHER, 'interface').startsWith(prefix)).toBe(false);
  });

  it('recognises our comments and no hand-written look-alikes', () => {
    expect(MANAGED_COMMENT_PREFIX).toBe('WAN-Overlay-Manager:');
    expect(isManagedComment(managedComment(PEER, 'interface'))).toBe(true);
    expect(isManagedComment(managedComment(OTHER, 'interface'))).toBe(true);
    for (const comment of [undefined, '', 'defconf', 'WAN-Overlay-Manager:legacy-laptop', `${managedComment(PEER, 'interface')} edited`, 'WAN-Overlay-Manager:550e8400-e29b-41d4-a716-446655440000']) {
      expect(isManagedComment(comment)).toBe(false);
    }
  });

  it('tells this peer\'s rows from another overlay\'s', () => {
    expect(isManagedByPeer(managedComment(PEER, 'peer:x'), PEER)).toBe(true);
    expect(isManagedByPeer(managedComment(OTHER, 'peer:x'), PEER)).toBe(false);
    expect(isManagedByPeer(`${managedCommentPrefix(PEER)}zz-not-a-uuid`, PEER)).toBe(false);
    expect(hasManagedPrefix(undefined, managedCommentPrefix(PEER))).toBe(false);
  });
});
