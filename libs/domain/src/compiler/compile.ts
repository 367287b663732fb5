import type { CompileIssue, CompileResult, DesiredState } from '../model/desired-state.model';
import type { TopologySnapshot } from '../model/wan.model';
import { buildCompileContext, type CompileContext } from './compile-context';
import { compileViewer } from './compile-peer';

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
 */
export function compile(snapshot: TopologySnapshot): CompileResult {
  const ctx = contextOf(snapshot);
  const states = new Map<string, DesiredState>();
  const issues: CompileIssue[] = [...ctx.issues];
  for (const viewer of ctx.peers) {
    const compiled = compileViewer(ctx, viewer);
    states.set(viewer.peer.id, compiled.state);
    issues.push(...compiled.issues);
  }
  return { states, issues };
}

/**
 * Snapshots are immutable values, so the facts gathered from one are kept for as long as
 * the snapshot lives: compiling the few peers a change affects gathers them once.
 */
const contexts = new WeakMap<TopologySnapshot, CompileContext>();
function contextOf(snapshot: TopologySnapshot): CompileContext {
  let ctx = contexts.get(snapshot);
  if (!ctx) {
    ctx = buildCompileContext(snapshot);
    contexts.set(snapshot, ctx);
  }
  return ctx;
}

/**
 * Compiles one peer's desired state in O(peers + subnets), for a change that affects only
 * a few peers. Gives exactly what {@link compile} gives for that peer. Calls on the same
 * snapshot object share the gathered facts, so each further peer costs O(its entries).
 */
export function compilePeer(
  snapshot: TopologySnapshot,
  peerId: string,
): { state: DesiredState | null; issues: readonly CompileIssue[] } {
  const ctx = contextOf(snapshot);
  const viewer = ctx.byId.get(peerId);
  if (!viewer) {
    return { state: null, issues: [{ code: 'PEER.NOT_FOUND', peerId, message: `Peer ${peerId} is not in this WAN.` }] };
  }
  const compiled = compileViewer(ctx, viewer);
  return { state: compiled.state, issues: [...ctx.issues.filter((i) => i.peerId === null || i.peerId === peerId), ...compiled.issues] };
}
