import { create, toBinary } from '@bufbuild/protobuf';
import type { CompileIssue, DesiredState, WireGuardPeerEntry } from '@wom/domain';
import { DesiredStateSchema, DesiredStateSnapshotSchema, desiredStateToWire, WireGuardPeerEntrySchema, wireGuardPeerEntryToWire } from '@wom/contracts';

/** `peers` is field 6 of DesiredState; `state` is field 4 of DesiredStateSnapshot; both length-delimited. */
const PEERS_TAG = (6 << 3) | 2;
const STATE_TAG = (4 << 3) | 2;

function lengthPrefixed(tag: number, body: Uint8Array): Buffer {
  const header: number[] = [tag];
  for (let length = body.length; ; length >>>= 7) {
    if (length < 0x80) {
      header.push(length);
      break;
    }
    header.push((length & 0x7f) | 0x80);
  }
  return Buffer.concat([Buffer.from(header), body]);
}

/**
 * Encodes desired-state snapshots for one compilation. In a mesh every peer's entry appears in
 * every other peer's state, so encoding states one by one costs O(peers²) message writes; the
 * compiler shares each remote's allowed-IPs array between the states it appears in, so entries
 * are encoded once per remote and spliced in as bytes. Protobuf readers accept fields in any
 * order, so header fields followed by the entries decode to the same message. Use one encoder
 * per compilation: its cache is only valid for the states of one compilation.
 */
export class SnapshotEncoder {
  private readonly entries = new WeakMap<readonly string[], { readonly entry: WireGuardPeerEntry; readonly bytes: Buffer }[]>();

  /** `removed`: the peer was deleted and its agent takes down everything it applied (no state then). */
  encode(agentId: string, revision: bigint, state: DesiredState | undefined, issues: readonly CompileIssue[], compiledAtMs = Date.now(), removed = false): Uint8Array {
    const outer = toBinary(
      DesiredStateSnapshotSchema,
      create(DesiredStateSnapshotSchema, {
        agentId,
        revision,
        removed,
        compiledAtMs: BigInt(compiledAtMs),
        issues: issues.map((issue) => ({ code: issue.code, peerId: issue.peerId ?? '', message: issue.message })),
      }),
    );
    if (!state) return outer;
    const header = toBinary(DesiredStateSchema, desiredStateToWire({ ...state, peers: [] }));
    const body = Buffer.concat([header, ...state.peers.map((entry) => this.entry(entry))]);
    return Buffer.concat([outer, lengthPrefixed(STATE_TAG, body)]);
  }

  private entry(entry: WireGuardPeerEntry): Buffer {
    let encoded = this.entries.get(entry.allowedIps);
    if (!encoded) {
      encoded = [];
      this.entries.set(entry.allowedIps, encoded);
    }
    // Usually one candidate: the same remote seen from another state. Compared field by field,
    // which is far cheaper than building a key string for each of a mesh's million entries.
    const hit = encoded.find(({ entry: seen }) => sameEntryFields(seen, entry));
    if (hit) return hit.bytes;
    const bytes = lengthPrefixed(PEERS_TAG, toBinary(WireGuardPeerEntrySchema, wireGuardPeerEntryToWire(entry)));
    encoded.push({ entry, bytes });
    return bytes;
  }
}

/** Equal apart from `allowedIps`, which the caller has already matched by identity. */
function sameEntryFields(a: WireGuardPeerEntry, b: WireGuardPeerEntry): boolean {
  return (
    a.peerId === b.peerId &&
    a.name === b.name &&
    a.publicKey === b.publicKey &&
    a.persistentKeepalive === b.persistentKeepalive &&
    a.endpoint?.host === b.endpoint?.host &&
    a.endpoint?.port === b.endpoint?.port
  );
}
