import { ExecaCommandRunner } from '../linux/command-runner';
import { WgCommandAdapter } from '../linux/linux-system.adapters';
import { AgentStateStore } from '../state/agent-state.store';
import { collectPeerStatus } from '../status/peer-status.collector';

const ago = (ms: number) => (ms === 0 ? 'never' : `${Math.max(0, Math.round((Date.now() - ms) / 1000))} s ago`);

/** `wom-agent status`: the applied revision, the interface, each peer's handshake, and the last error. */
export async function printStatus(stateDir: string, netns: string | null = null): Promise<number> {
  const store = new AgentStateStore(stateDir);
  const [identity, applied, last] = await Promise.all([store.readIdentity(), store.readApplied(), store.readLastApply()]);
  if (identity === null) {
    console.log(`not enrolled (no identity in ${stateDir})`);
    return 1;
  }
  console.log(`agent      ${identity.agentId} (${identity.peerName})`);
  console.log(`revision   ${applied?.revision ?? 'none applied'}`);
  const name = applied?.state.interface.name;
  console.log(`interface  ${name ?? '-'}`);
  if (name !== undefined) {
    for (const peer of await collectPeerStatus(new WgCommandAdapter(new ExecaCommandRunner({ netns })), name, applied!.state)) {
      console.log(`  ${peer.name || peer.publicKey}  endpoint ${peer.endpoint || '-'}  handshake ${ago(peer.latestHandshakeMs)}  rx ${peer.rxBytes} tx ${peer.txBytes}`);
    }
  }
  console.log(`last error ${last?.result.error ?? '-'}`);
  return 0;
}
