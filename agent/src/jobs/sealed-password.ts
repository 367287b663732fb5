import * as nodeCrypto from 'node:crypto';
import { openSealedSecret, type SealingKeyPair } from '@wom/contracts';

export interface SealedPasswordMessage {
  /** The agent the control plane addressed the message to. */
  readonly agentId: string;
  /** The run or poll the password was sealed for. */
  readonly contextId: string;
  readonly sealedPassword: Uint8Array;
}

/**
 * A router password, opened from its sealed box with this agent's own key, for this agent and
 * this run (or poll) only. Anything else (a message addressed to another agent, a secret sealed
 * to another key or run, altered, or missing) is refused before the router is touched; the
 * reason never holds the secret.
 */
export function openRouterPassword(ownAgentId: string, key: SealingKeyPair | null | undefined, message: SealedPasswordMessage, what: string): string {
  const untouched = 'Refused; the router was not touched.';
  if (message.agentId !== ownAgentId) throw new Error(`The ${what} ${message.contextId} is addressed to agent ${message.agentId || '(none)'}, not to this agent (${ownAgentId}). ${untouched}`);
  if (!key) throw new Error(`This agent has no sealing key: it enrolled before router passwords were sealed. Enroll it again to drive routers. ${untouched}`);
  if (message.sealedPassword.length === 0) throw new Error(`The ${what} carries no sealed router password; upgrade the control plane. ${untouched}`);
  try {
    return openSealedSecret(nodeCrypto, key, { agentId: ownAgentId, runId: message.contextId }, message.sealedPassword);
  } catch (error) {
    throw new Error(`${(error as Error).message} ${untouched}`);
  }
}
