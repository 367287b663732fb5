import type { Agent } from '../../core/api.models';
import { blockingAgentId, canInstallAgent, peerAgent, switchesToAgentMode } from './peer-agent.logic';

const agent = (id: string, patch: Partial<Agent> = {}): Agent => ({
  id, peerId: 'p1', peerName: 'paris', wanId: 'w1', status: 'active', online: true, hostname: 'box', version: '1.0.0', interfaceName: 'wg0',
  desiredRevision: 3, appliedRevision: 3, lastSeenAt: null, lastApplyAt: null, lastError: null, drift: null, natsPublicKey: 'U', createdAt: '2026-01-01T00:00:00.000Z', revokedAt: null,
  ...patch,
});

describe('canInstallAgent and switchesToAgentMode', () => {
  it.each([
    ['server', 'agent', true, false],
    ['client', 'config-file', true, true],
    ['generic-router', 'config-file', true, true],
    ['mikrotik', 'mikrotik-api', false, true],
    ['mikrotik', 'mikrotik-script', false, true],
    ['mikrotik', 'agent', true, false],
  ] as const)('%s peer deployed by %s: install %s, switches mode %s', (type, deploymentMode, install, switches) => {
    expect(canInstallAgent({ type, deploymentMode })).toBe(install);
    expect(switchesToAgentMode({ deploymentMode })).toBe(switches);
  });
});

describe('peerAgent', () => {
  it('shows the current agent of the peer, not another peer’s', () => {
    expect(peerAgent([agent('other', { peerId: 'p2' }), agent('old', { status: 'revoked' }), agent('now', { status: 'pending' })], 'p1')?.id).toBe('now');
  });

  it('falls back to the newest revoked agent, and to nothing', () => {
    const older = agent('a', { status: 'revoked', createdAt: '2026-01-01T00:00:00.000Z' });
    const newer = agent('b', { status: 'revoked', createdAt: '2026-02-01T00:00:00.000Z' });
    expect(peerAgent([older, newer], 'p1')?.id).toBe('b');
    expect(peerAgent([agent('x', { peerId: 'p2' })], 'p1')).toBeNull();
  });
});

describe('blockingAgentId', () => {
  it('takes the agent the API names', () => {
    expect(blockingAgentId('AGENT.INVALID_STATE', { code: 'AGENT.INVALID_STATE', agentId: 'named' }, agent('listed'))).toBe('named');
  });

  it('falls back to the listed current agent', () => {
    expect(blockingAgentId('AGENT.INVALID_STATE', { code: 'AGENT.INVALID_STATE' }, agent('listed'))).toBe('listed');
    expect(blockingAgentId('AGENT.INVALID_STATE', null, agent('gone', { status: 'revoked' }))).toBeNull();
  });

  it('ignores every other problem', () => {
    expect(blockingAgentId('VALIDATION.FAILED', { agentId: 'x' }, agent('listed'))).toBeNull();
  });
});
