import type { WireGuardDevicePeer } from './wireguard-dump.parser';
import type { DesiredWireGuardPeer } from './wireguard-peer.diff';
import { canonicalCidr, diffInterfaceSettings, diffWireGuardPeers, wgSetPeerArguments } from './wireguard-peer.diff';

const KEY_A = 'xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=';
const KEY_B = 'TrMvSoP4jYQlY6RIzBgbssQqY3vxI2Pi+y71lOWWXX0=';
const KEY_C = 'HIgo9xNzJMWLKASShiTqIybxZ0U3wGLiUeJ1PKf8ykw=';

const desired = (key: string, overrides: Partial<DesiredWireGuardPeer> = {}): DesiredWireGuardPeer => ({
  publicKey: key,
  endpoint: '198.51.100.7:51820',
  persistentKeepalive: 25,
  allowedIps: ['10.0.0.2/32', '192.168.10.0/24'],
  ...overrides,
});

const onDevice = (key: string, overrides: Partial<WireGuardDevicePeer> = {}): WireGuardDevicePeer => ({
  publicKey: key,
  presharedKey: null,
  endpoint: '198.51.100.7:51820',
  allowedIps: ['192.168.10.0/24', '10.0.0.2/32'],
  latestHandshake: 0,
  rxBytes: 0,
  txBytes: 0,
  persistentKeepalive: 25,
  ...overrides,
});

describe('diffWireGuardPeers', () => {
  it('changes nothing when the device matches, whatever the order of allowed IPs', () => {
    expect(diffWireGuardPeers([desired(KEY_A)], [onDevice(KEY_A)])).toEqual([]);
  });

  it('adds missing peers, updates only differing fields, removes peers not desired, in that order', () => {
    const changes = diffWireGuardPeers(
      [desired(KEY_A, { allowedIps: ['10.0.0.2/32'] }), desired(KEY_B)],
      [onDevice(KEY_C), onDevice(KEY_A, { persistentKeepalive: null })],
    );
    expect(changes).toEqual([
      { kind: 'update', peer: desired(KEY_A, { allowedIps: ['10.0.0.2/32'] }), fields: ['persistentKeepalive', 'allowedIps'] },
      { kind: 'add', peer: desired(KEY_B) },
      { kind: 'remove', publicKey: KEY_C },
    ]);
  });

  it('leaves an endpoint the device learned alone when none is desired', () => {
    expect(diffWireGuardPeers([desired(KEY_A, { endpoint: null })], [onDevice(KEY_A, { endpoint: '203.0.113.9:40000' })])).toEqual([]);
  });

  it('sets a desired endpoint that differs', () => {
    expect(diffWireGuardPeers([desired(KEY_A)], [onDevice(KEY_A, { endpoint: '203.0.113.9:40000' })])).toEqual([
      { kind: 'update', peer: desired(KEY_A), fields: ['endpoint'] },
    ]);
  });
});

describe('wgSetPeerArguments', () => {
  it('sends every field of an added peer, only the differing fields of an update, and never a listen port', () => {
    const args = wgSetPeerArguments([
      { kind: 'add', peer: desired(KEY_B, { persistentKeepalive: null }) },
      { kind: 'update', peer: desired(KEY_A, { allowedIps: [] }), fields: ['allowedIps'] },
      { kind: 'remove', publicKey: KEY_C },
    ]);
    expect(args).toEqual([
      'peer', KEY_B, 'endpoint', '198.51.100.7:51820', 'persistent-keepalive', 'off', 'allowed-ips', '10.0.0.2/32,192.168.10.0/24',
      'peer', KEY_A, 'allowed-ips', '',
      'peer', KEY_C, 'remove',
    ]);
    expect(args).not.toContain('listen-port');
  });

  it('leaves the endpoint out of an added peer that has none', () => {
    expect(wgSetPeerArguments([{ kind: 'add', peer: desired(KEY_A, { endpoint: null }) }])).not.toContain('endpoint');
  });
});

describe('diffInterfaceSettings', () => {
  it('sends the key and port only when they differ', () => {
    expect(diffInterfaceSettings({ privateKey: 'k', listenPort: 51820 }, { privateKey: 'k', listenPort: 51820 })).toEqual({ privateKey: null, listenPort: null });
    expect(diffInterfaceSettings({ privateKey: 'k', listenPort: 51820 }, { privateKey: null, listenPort: 40000 })).toEqual({ privateKey: 'k', listenPort: 51820 });
  });

  it('keeps whatever port the device has when none is desired (a roaming client)', () => {
    expect(diffInterfaceSettings({ privateKey: 'k', listenPort: null }, { privateKey: 'k', listenPort: 40000 }).listenPort).toBeNull();
  });
});

describe('canonicalCidr', () => {
  it.each([
    ['10.0.0.0/24', '10.0.0.0/24'],
    ['10.0.0.7/32', '10.0.0.7/32'],
    ['FD00::/64', 'fd00::/64'],
  ])('%s → %s', (input, expected) => expect(canonicalCidr(input)).toBe(expected));
});
