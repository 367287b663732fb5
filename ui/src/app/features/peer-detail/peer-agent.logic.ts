import type { Agent, Peer } from '../../core/api.models';

/**
 * Whether a peer can get an agent: any peer deployed by an agent, and any peer that is not a
 * MikroTik router (those are configured over their API or by script; enrolling switches the
 * peer to agent mode).
 */
export const canInstallAgent = (peer: Pick<Peer, 'type' | 'deploymentMode'>): boolean => peer.deploymentMode === 'agent' || peer.type !== 'mikrotik';

/** Enrolling makes the agent apply the peer's configuration: a config-file peer stops being one. */
export const switchesToAgentMode = (peer: Pick<Peer, 'deploymentMode'>): boolean => peer.deploymentMode !== 'agent';

/**
 * The agent to show on a peer's page: the one not revoked (at most one per peer), else the
 * newest revoked one, so the page can say the peer had one. Null when it never had any.
 */
export function peerAgent(agents: readonly Agent[], peerId: string): Agent | null {
  const mine = agents.filter((agent) => agent.peerId === peerId);
  const current = mine.find((agent) => agent.status !== 'revoked');
  if (current) return current;
  return [...mine].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0] ?? null;
}

/**
 * The agent a 409 `AGENT.INVALID_STATE` is about: the id the API names, else the peer's
 * current agent as listed. Null for any other answer.
 */
export function blockingAgentId(code: string, body: unknown, current: Agent | null): string | null {
  if (code !== 'AGENT.INVALID_STATE') return null;
  const named = typeof body === 'object' && body !== null ? (body as { agentId?: unknown }).agentId : undefined;
  if (typeof named === 'string') return named;
  return current && current.status !== 'revoked' ? current.id : null;
}
