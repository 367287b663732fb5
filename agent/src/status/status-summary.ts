import type { AgentIdentity, AgentRuntime, AppliedRecord } from '../state/agent-state.store';
import type { PeerStatus } from './peer-status.collector';

/** Everything `wom-agent status` reads, gathered once; rendering it is pure. */
export interface StatusFacts {
  readonly version: string;
  readonly identity: AgentIdentity;
  readonly runtime: AgentRuntime | null;
  /** Whether the process runtime.json names is alive. */
  readonly daemonRunning: boolean;
  readonly applied: AppliedRecord | null;
  readonly lastError: string | null;
  readonly peers: readonly PeerStatus[];
  readonly nowMs: number;
}

export interface HandshakeVerdict {
  readonly ok: boolean;
  /** One sentence: the first handshake, or why there is none yet and what to check. */
  readonly line: string;
}

/** `1536` → `1.5 KiB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) [value, unit] = [value / 1024, unit + 1];
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** `65_000` ms → `1 min 5 s ago`. */
export function formatAge(sinceMs: number, nowMs: number): string {
  const seconds = Math.max(0, Math.round((nowMs - sinceMs) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min ago`;
  return `${Math.floor(seconds / 86_400)} d ago`;
}

const peerLabel = (peer: PeerStatus) => peer.name || `${peer.publicKey.slice(0, 8)}…`;

/**
 * The first handshake, or the first reason (in the order a site admin would check them) that
 * there is none yet: the agent not running, waiting for approval, NATS unreachable, no
 * configuration, a failed apply, nobody to talk to, then the network path itself.
 */
export function handshakeVerdict(facts: StatusFacts): HandshakeVerdict {
  const latest = [...facts.peers].filter((p) => p.latestHandshakeMs > 0).sort((a, b) => b.latestHandshakeMs - a.latestHandshakeMs)[0];
  if (latest !== undefined) return { ok: true, line: `handshake with ${peerLabel(latest)} ${formatAge(latest.latestHandshakeMs, facts.nowMs)}` };
  const nats = facts.runtime?.nats;
  const urls = facts.identity.natsUrls.join(', ');
  if (!facts.daemonRunning) return { ok: false, line: 'no handshake yet: the agent is not running. Start it with "systemctl start wom-agent" and read "journalctl -u wom-agent".' };
  if (facts.applied === null && facts.identity.pendingApproval) {
    return { ok: false, line: 'no handshake yet: this agent waits for an operator to approve it in the console (Agents).' };
  }
  if (facts.applied === null && nats?.state !== 'connected') {
    const why = nats?.error ? `: ${nats.error}` : '';
    return { ok: false, line: `no handshake yet: not connected to NATS at ${urls}${why}. Check that this box reaches that address over TCP.` };
  }
  if (facts.lastError) return { ok: false, line: `no handshake yet: the last apply failed: ${facts.lastError}` };
  if (facts.applied === null) return { ok: false, line: 'no handshake yet: connected, but the control plane has sent no configuration for this peer yet.' };
  const { state } = facts.applied;
  if (state.peers.length === 0) return { ok: false, line: 'no handshake yet: this peer has no WireGuard peers. Add another peer to the WAN (a hub, in a hub-spoke WAN).' };
  const port = state.interface.listenPort ?? 'its listen port';
  const dialable = state.peers.filter((peer) => peer.endpoint !== null);
  if (dialable.length === 0) {
    return { ok: false, line: `no handshake yet: no peer has an endpoint this box can dial, so they must reach it on UDP ${port}. Check that port is open here.` };
  }
  const first = dialable[0]!.endpoint!;
  return {
    ok: false,
    line: `no handshake yet with any of ${state.peers.length} peer(s). Check that UDP ${port} is open here and that ${first.host}:${first.port} is reachable from this box.`,
  };
}

/** The human summary, one line per fact. */
export function renderStatus(facts: StatusFacts): string[] {
  const { identity, runtime, applied, nowMs } = facts;
  const lines = [
    `wom-agent      ${facts.version}`,
    `control plane  ${identity.server}`,
    `peer           ${identity.peerName} (peer ${identity.peerId}, agent ${identity.agentId})`,
  ];
  if (!facts.daemonRunning) lines.push('daemon         not running');
  const nats = runtime?.nats;
  if (nats === undefined) lines.push(`NATS           ${identity.natsUrls.join(', ')} (never connected)`);
  else {
    const where = nats.server ?? identity.natsUrls.join(', ');
    const verb = nats.state === 'connected' ? 'connected to' : nats.state === 'connecting' ? 'connecting to' : 'disconnected from';
    lines.push(`NATS           ${verb} ${where} since ${formatAge(nats.sinceMs, nowMs)}${nats.error ? ` (${nats.error})` : ''}`);
  }
  if (applied === null) {
    lines.push('revision       none applied yet');
    return [...lines, `last error     ${facts.lastError || '-'}`];
  }
  const state = applied.state;
  lines.push(`revision       ${applied.revision}, applied ${formatAge(applied.appliedAtMs, nowMs)}`);
  lines.push(`interface      ${state.interface.name}, address ${state.interface.addresses[0] ?? '-'}, UDP ${state.interface.listenPort ?? 'any'}`);
  const seen = new Map(facts.peers.map((peer) => [peer.publicKey, peer]));
  lines.push(`peers          ${state.peers.length}`);
  for (const entry of state.peers) {
    const live = seen.get(entry.publicKey);
    const endpoint = live?.endpoint || (entry.endpoint ? `${entry.endpoint.host}:${entry.endpoint.port}` : '-');
    const handshake = live && live.latestHandshakeMs > 0 ? formatAge(live.latestHandshakeMs, nowMs) : 'never';
    lines.push(`  ${entry.name.padEnd(20)} endpoint ${endpoint}  handshake ${handshake}  rx ${formatBytes(live?.rxBytes ?? 0)}  tx ${formatBytes(live?.txBytes ?? 0)}`);
  }
  lines.push(`last error     ${facts.lastError || '-'}`);
  return lines;
}
