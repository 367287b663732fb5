import type { CompileIssue, CompileResult, DesiredState } from '../model/desired-state.model';
import type { TopologySnapshot } from '../model/wan.model';
import { buildCompileContext } from './compile-context';
import { compileViewer } from './compile-peer';

export interface PeerCompileResult {
  readonly state: DesiredState | null;
  readonly issues: readonly CompileIssue[];
}

/** A snapshot whose facts are gathered once, for compiling several of its peers. */
export interface Compilation {
  /** One peer's state, exactly as {@link compile} gives it; O(its entries) per call. */
  peer(peerId: string): PeerCompileResult;
  all(): CompileResult;
}

/**
 * Gathers a snapshot's facts in O(peers + subnets + services). Use it when a change affects
 * a few peers: gather once, then compile each of them.
 */
export function prepareCompilation(snapshot: TopologySnapshot): Compilation {
  const ctx = buildCompileContext(snapshot);
  return {
    peer(peerId) {
      const viewer = ctx.byId.get(peerId);
      if (!viewer) {
        return { state: null, issues: [{ code: 'PEER.NOT_FOUND', peerId, message: `Peer ${peerId} is not in this WAN.` }] };
      }
      const compiled = compileViewer(ctx, viewer);
      return { state: compiled.state, issues: [...ctx.issues.filter((i) => i.peerId === null || i.peerId === peerId), ...compiled.issues] };
    },
    all() {
      const states = new Map<string, DesiredState>();
      const issues: CompileIssue[] = [...ctx.issues];
      for (const viewer of ctx.peers) {
        const compiled = compileViewer(ctx, viewer);
        states.set(viewer.peer.id, compiled.state);
        issues.push(...compiled.issues);
      }
      return { states, issues };
    },
  };
}

/**
 * Compiles the desired state of every peer in a WAN. Pure: the same snapshot always gives
 * the same states and hashes. Large lists are shared between states rather than copied,
 * so treat the result as immutable.
 *
 * Topologies (spec §2.3):
 * - mesh: every pair links directly; two peers that both lack an endpoint relay through
 *   the first hub with an endpoint, or are reported `PEER.UNREACHABLE`;
 * - hub-spoke: spokes link to the primary hub (the first hub by tunnel address), whose
 *   entry carries the whole WAN except the spoke's own subnets;
 * - hybrid: hub-spoke plus the explicit peer connections as direct links.
 *
 * In every topology a peer's own subnets stay local: a remote prefix that overlaps one is
 * cut, for that peer only, to what lies outside them, and `ROUTE.OWN_SUBNET_EXCLUDED` says so.
 */
export function compile(snapshot: TopologySnapshot): CompileResult {
  return prepareCompilation(snapshot).all();
}

/** Compiles one peer's desired state in O(peers + subnets); exactly what {@link compile} gives for it. */
export function compilePeer(snapshot: TopologySnapshot, peerId: string): PeerCompileResult {
  return prepareCompilation(snapshot).peer(peerId);
}
