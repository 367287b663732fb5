import type { CompileResult } from '@wom/domain';

export interface TopologyEdge {
  readonly source: string;
  readonly target: string;
  /** `connection` for an explicit peer connection, `hub` when a hub is on either end, else `mesh`. */
  readonly kind: 'connection' | 'hub' | 'mesh';
  readonly connectionId: string | null;
  /**
   * Seconds since the link's last WireGuard handshake, as a router last reported it: null when it
   * reported the link without a handshake, absent when nobody reported the link (health unknown).
   */
  readonly handshakeAgeSeconds?: number | null;
}

/**
 * The WAN's links as the compiler planned them: one undirected edge for every pair where
 * either side lists the other as a WireGuard peer. Ordered by source, then target.
 *
 * Example: a hub-spoke WAN with hub H and spokes A, B → edges H–A and H–B, never A–B.
 */
export function edgesOf(
  result: CompileResult,
  hubIds: ReadonlySet<string>,
  connections: readonly { id: string; peerAId: string; peerBId: string }[],
): TopologyEdge[] {
  const connectionOf = new Map<string, string>();
  for (const c of connections) connectionOf.set(pairKey(c.peerAId, c.peerBId), c.id);
  const edges = new Map<string, TopologyEdge>();
  for (const [peerId, state] of result.states) {
    for (const entry of state.peers) {
      const key = pairKey(peerId, entry.peerId);
      if (edges.has(key)) continue;
      const [source, target] = key.split('|') as [string, string];
      const connectionId = connectionOf.get(key) ?? null;
      const kind = connectionId !== null ? 'connection' : hubIds.has(source) || hubIds.has(target) ? 'hub' : 'mesh';
      edges.set(key, { source, target, kind, connectionId });
    }
  }
  return [...edges.values()].sort((x, y) => (x.source === y.source ? compare(x.target, y.target) : compare(x.source, y.source)));
}

/** When a router last read a link: its pair key (`a|b`, smaller id first) and the handshake it saw. */
export interface LinkHandshake {
  readonly pairKey: string;
  readonly lastHandshake: Date | null;
}

/**
 * The edges with the handshake age of every link a router reported; links nobody reported stay
 * without the field, so a 19,900-link mesh with no readings costs no extra bytes.
 *
 * Example: edge a–b with a reading of a handshake 90 s before `now` → `handshakeAgeSeconds: 90`.
 */
export function withHandshakeAges(edges: readonly TopologyEdge[], readings: readonly LinkHandshake[], now: Date): TopologyEdge[] {
  if (readings.length === 0) return [...edges];
  const byPair = new Map(readings.map((r) => [r.pairKey, r.lastHandshake] as const));
  return edges.map((edge) => {
    const key = pairKey(edge.source, edge.target);
    if (!byPair.has(key)) return edge;
    const at = byPair.get(key) ?? null;
    return { ...edge, handshakeAgeSeconds: at === null ? null : Math.max(0, Math.floor((now.getTime() - at.getTime()) / 1000)) };
  });
}

const compare = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);
