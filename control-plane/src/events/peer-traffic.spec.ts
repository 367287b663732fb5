import { peerTraffic } from './peer-traffic';

describe('peerTraffic', () => {
  it('takes the newest handshake and sums the bytes', () => {
    expect(peerTraffic([
      { latestHandshakeMs: 1000n, rxBytes: 10n, txBytes: 20n },
      { latestHandshakeMs: 0n, rxBytes: 5n, txBytes: 0n },
      { latestHandshakeMs: 500n, rxBytes: 0n, txBytes: 1n },
    ])).toEqual({ lastHandshake: '1970-01-01T00:00:01.000Z', rxBytes: 15, txBytes: 21 });
  });

  it('says never for a peer whose links never handshook, or that has none', () => {
    expect(peerTraffic([{ latestHandshakeMs: 0n, rxBytes: 0n, txBytes: 0n }])).toEqual({ lastHandshake: null, rxBytes: 0, txBytes: 0 });
    expect(peerTraffic([])).toEqual({ lastHandshake: null, rxBytes: 0, txBytes: 0 });
  });
});
