import type { PeerDetailResponse } from '@wom/contracts';
import { handshakeAge, peerStatusView } from './peer-status.logic';

const tunnel = (state: PeerDetailResponse['tunnel']['state'], age: number | null, up = state === 'up'): PeerDetailResponse['tunnel'] => ({
  state, lastHandshake: age === null ? null : '2026-01-31T12:00:00.000Z', handshakeAgeSeconds: age, linksUp: up ? 1 : 0,
  links: age === null ? [] : [{ remotePeerId: 'h', remotePeerName: 'hub', lastHandshake: '2026-01-31T12:00:00.000Z', handshakeAgeSeconds: age, up }],
});

describe('peerStatusView', () => {
  it('says API reachable but offline when the API answers and the tunnel is silent', () => {
    const view = peerStatusView({ apiReachable: true, tunnel: tunnel('down', 600) });
    expect(view.api).toEqual({ text: 'API reachable', ok: true });
    expect(view.tunnel).toEqual({ text: 'offline: tunnel down (last handshake 10 min ago)', ok: false, state: 'down' });
    expect(view.links).toEqual([{ remote: 'hub', text: 'handshake 10 min ago', up: false }]);
  });

  it('says online only with a recent handshake, whatever the API does', () => {
    const view = peerStatusView({ apiReachable: false, tunnel: tunnel('up', 42) });
    expect(view.api).toEqual({ text: 'API unreachable', ok: false });
    expect(view.tunnel.text).toBe('online: tunnel up (handshake 42 s ago, 1/1 links)');
  });

  it('has no API badge for peers without an API, and an unknown tunnel before any report', () => {
    const view = peerStatusView({ apiReachable: null, tunnel: tunnel('unknown', null) });
    expect(view.api).toBeNull();
    expect(view.tunnel).toMatchObject({ ok: false, text: 'offline: no handshake reported yet' });
  });
});

describe('handshakeAge', () => {
  it.each([[null, 'never'], [5, '5 s ago'], [119, '119 s ago'], [600, '10 min ago'], [7200, '2 h ago'], [200_000, '2 d ago']])('%p → %p', (seconds, text) => {
    expect(handshakeAge(seconds)).toBe(text);
  });
});
