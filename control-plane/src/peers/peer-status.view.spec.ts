import type { PeerResponse } from '@wom/contracts';
import { tunnelStatus, withStatus } from './peer-status.view';

const NOW = new Date('2026-01-31T12:00:00.000Z');
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000);
const row = (remote: string, handshake: Date | null) => ({ peerAId: 'r', peerBId: remote, lastHandshake: handshake, rxBytes: 1, txBytes: 2, updatedAt: NOW, reportedBy: 'r', remoteName: remote });
const response = { id: 'r', isOnline: true, deploymentMode: 'mikrotik-api' } as PeerResponse;

describe('withStatus', () => {
  it('keeps an API-managed router offline while its API answers and no link handshook within 3 minutes', () => {
    const status = withStatus(response, { id: 'r', deploymentMode: 'mikrotik-api', mikrotikApiStatus: 'connected' }, [row('hub', ago(181))], NOW);
    expect(status).toMatchObject({ isOnline: false, apiReachable: true, tunnel: { state: 'down', handshakeAgeSeconds: 181, linksUp: 0 } });
  });

  it('calls it online once a link has a recent handshake, even when the API is unreachable', () => {
    const status = withStatus(response, { id: 'r', deploymentMode: 'mikrotik-api', mikrotikApiStatus: 'unreachable' }, [row('a', ago(900)), row('b', ago(30))], NOW);
    expect(status).toMatchObject({ isOnline: true, apiReachable: false, tunnel: { state: 'up', handshakeAgeSeconds: 30, linksUp: 1 } });
    expect(status.tunnel.links.map((l) => l.remotePeerName)).toEqual(['b', 'a']);
  });

  it('leaves the online state of peers without a management API as reported, with apiReachable null', () => {
    const status = withStatus({ ...response, deploymentMode: 'agent' }, { id: 'r', deploymentMode: 'agent', mikrotikApiStatus: null }, [], NOW);
    expect(status).toMatchObject({ isOnline: true, apiReachable: null, tunnel: { state: 'unknown', lastHandshake: null, links: [] } });
  });
});

describe('tunnelStatus', () => {
  it('is unknown for links never handshaken, and puts them last', () => {
    const never = { remotePeerId: 'x', remotePeerName: 'x', lastHandshake: null, handshakeAgeSeconds: null, up: false };
    expect(tunnelStatus([never]).state).toBe('unknown');
    const old = { ...never, remotePeerName: 'y', lastHandshake: ago(400).toISOString(), handshakeAgeSeconds: 400 };
    expect(tunnelStatus([never, old])).toMatchObject({ state: 'down', handshakeAgeSeconds: 400, links: [{ remotePeerName: 'y' }, { remotePeerName: 'x' }] });
  });
});
