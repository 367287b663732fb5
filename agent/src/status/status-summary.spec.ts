import { branchState } from '../__fixtures__/desired-states';
import type { AgentIdentity, AppliedRecord } from '../state/agent-state.store';
import type { StatusFacts } from './status-summary';
import { formatAge, formatBytes, handshakeVerdict, renderStatus } from './status-summary';

const NOW = 1_800_000_000_000;
const identity: AgentIdentity = {
  agentId: 'a1',
  peerId: 'p1',
  wanId: 'w1',
  peerName: 'paris',
  server: 'https://wom.example.com/',
  natsUrls: ['nats://wom.example.com:4222'],
  inboxPrefix: '_INBOX.a1',
  wireguardPublicKey: 'k',
  natsPublicKey: 'U',
  pendingApproval: false,
};
const applied: AppliedRecord = { revision: 7, state: branchState(), nftRecord: null, appliedAtMs: NOW - 3_000 };
const firstPeer = applied.state.peers[0]!;

const facts = (overrides: Partial<StatusFacts> = {}): StatusFacts => ({
  version: 'wom-agent 1.0.0 (protocol wom.agent.v1)',
  identity,
  runtime: { pid: 42, startedAtMs: NOW - 60_000, nats: { state: 'connected', server: 'nats://wom.example.com:4222', sinceMs: NOW - 12_000, error: null } },
  daemonRunning: true,
  applied,
  lastError: null,
  peers: [],
  nowMs: NOW,
  ...overrides,
});

describe('wom-agent status', () => {
  it('formats sizes and ages as people read them', () => {
    expect([formatBytes(900), formatBytes(1536), formatBytes(5 * 2 ** 30)]).toEqual(['900 B', '1.5 KiB', '5.0 GiB']);
    expect([formatAge(NOW - 4_000, NOW), formatAge(NOW - 65_000, NOW), formatAge(NOW - 7_300_000, NOW), formatAge(NOW - 3 * 86_400_000, NOW)]).toEqual(['4 s ago', '1 min 5 s ago', '2 h 1 min ago', '3 d ago']);
  });

  it('names the most recent handshake', () => {
    const peers = [{ publicKey: firstPeer.publicKey, peerId: firstPeer.peerId, name: firstPeer.name, endpoint: '198.51.100.1:51820', latestHandshakeMs: NOW - 2_000, rxBytes: 10, txBytes: 20 }];
    expect(handshakeVerdict(facts({ peers }))).toEqual({ ok: true, line: `handshake with ${firstPeer.name} 2 s ago` });
  });

  it.each([
    ['the agent does not run', { daemonRunning: false }, /agent is not running.*systemctl start wom-agent/],
    ['it waits for approval', { applied: null, identity: { ...identity, pendingApproval: true } }, /waits for an operator to approve/],
    ['NATS is unreachable', { applied: null, runtime: { pid: 42, startedAtMs: NOW, nats: { state: 'connecting' as const, server: null, sinceMs: NOW, error: 'ECONNREFUSED' } } }, /not connected to NATS at nats:\/\/wom\.example\.com:4222: ECONNREFUSED/],
    ['the last apply failed', { lastError: 'routes: ip route add … File exists' }, /the last apply failed: routes/],
    ['no configuration came yet', { applied: null }, /has sent no configuration/],
    ['there is nobody to talk to', { applied: { ...applied, state: { ...applied.state, peers: [] } } }, /has no WireGuard peers/],
    ['no peer can be dialled', { applied: { ...applied, state: { ...applied.state, peers: applied.state.peers.map((p) => ({ ...p, endpoint: null })) } } }, /must reach it on UDP/],
    ['the path is closed', {}, /Check that UDP \d+ is open here and that hub\.example\.net:51820 is reachable/],
  ] as const)('says why there is no handshake when %s', (_case, overrides, reason) => {
    const verdict = handshakeVerdict(facts(overrides as Partial<StatusFacts>));
    expect(verdict.ok).toBe(false);
    expect(verdict.line).toMatch(reason);
  });

  it('shows the control plane, NATS, the revision, the interface and every peer', () => {
    const lines = renderStatus(facts()).join('\n');
    expect(lines).toContain('control plane  https://wom.example.com/');
    expect(lines).toContain('peer           paris (peer p1, agent a1)');
    expect(lines).toContain('NATS           connected to nats://wom.example.com:4222 since 12 s ago');
    expect(lines).toContain('revision       7, applied 3 s ago');
    expect(lines).toContain(`interface      ${applied.state.interface.name}, address ${applied.state.interface.addresses[0]}`);
    expect(lines).toContain(`  ${firstPeer.name}`);
    expect(lines).toContain('handshake never');
  });
});
