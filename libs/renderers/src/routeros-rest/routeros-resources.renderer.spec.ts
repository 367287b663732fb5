import { isDomainError, type DesiredState } from '@wom/domain';
import { branchState, FIXTURE_KEYS, hubState, laptopState, PEER_IDS } from '../__fixtures__/desired-states';
import { managedComment } from './managed-comment';
import { ROUTEROS_MENUS, type DesiredRow } from './routeros-rest.model';
import { toRouterOsResources } from './routeros-resources.renderer';

const byKey = (rows: readonly DesiredRow[], key: string): DesiredRow => {
  const row = rows.find((candidate) => candidate.key === key);
  if (!row) throw new Error(`no row ${key}`);
  return row;
};

describe('toRouterOsResources', () => {
  it('renders the branch: interface, peer, addresses, routes, list, filter and NAT rows in dependency order', () => {
    const rows = toRouterOsResources(branchState);
    expect(rows.map((row) => row.key)).toEqual([
      'interface',
      `peer:${PEER_IDS.hub}`,
      'address:10.0.0.2/32',
      'address:10.0.5.10/32',
      'route:10.0.0.0/24',
      'route:10.0.5.0/24',
      'route:192.168.50.0/24',
      'address-list:192.168.1.0/24',
      'address-list:192.168.10.0/24',
      'filter:wan-to-local',
      'filter:local-to-wan',
      'filter:service-in',
      'filter:service-out',
      'nat:service:7f3d9c1e-0000-4000-8000-000000000002:tcp',
      'nat:service:7f3d9c1e-0000-4000-8000-000000000002:udp',
      'nat:service-snat:7f3d9c1e-0000-4000-8000-000000000002',
      'netmap:9a8b7c6d-0000-4000-8000-000000000001:dst',
      'netmap:9a8b7c6d-0000-4000-8000-000000000001:src',
    ]);
    const menuOrder = rows.map((row) => ROUTEROS_MENUS.indexOf(row.menu));
    expect(menuOrder).toEqual([...menuOrder].sort((a, b) => a - b));
    for (const row of rows) expect(row.comment).toBe(managedComment(PEER_IDS.branch, row.key));
  });

  it('writes every value as a RouterOS string and never a private key by default', () => {
    const rows = toRouterOsResources(branchState);
    expect(byKey(rows, 'interface').fields).toEqual({ name: 'wg-wan-overlay', 'listen-port': '13231', mtu: '1420' });
    expect(byKey(rows, `peer:${PEER_IDS.hub}`).fields).toEqual({
      interface: 'wg-wan-overlay',
      'public-key': FIXTURE_KEYS.hub.publicKey,
      'allowed-address': '10.0.0.0/24,10.0.5.0/24,192.168.50.0/24',
      'endpoint-address': 'vpn.example.net',
      'endpoint-port': '51820',
      'persistent-keepalive': '25s',
    });
    for (const row of rows) {
      for (const value of Object.values(row.fields)) expect(typeof value).toBe('string');
      expect(Object.keys(row.fields)).not.toContain('private-key');
      expect(Object.keys(row.fields)).not.toContain('comment');
    }
    expect(byKey(rows, 'route:10.0.5.0/24').fields).toEqual({ 'dst-address': '10.0.5.0/24', gateway: 'wg-wan-overlay' });
    expect(byKey(rows, 'address:10.0.5.10/32').fields).toEqual({ address: '10.0.5.10/32', interface: 'wg-wan-overlay' });
  });

  it('includes a private key only when an operator passes one', () => {
    const rows = toRouterOsResources(branchState, { privateKey: FIXTURE_KEYS.branch.privateKey });
    expect(byKey(rows, 'interface').fields['private-key']).toBe(FIXTURE_KEYS.branch.privateKey);
  });

  it('renders firewall and NAT rules against the wg interface and a list named after it', () => {
    const rows = toRouterOsResources(branchState);
    expect(byKey(rows, 'address-list:192.168.1.0/24').fields).toEqual({ list: 'wom-wg-wan-overlay', address: '192.168.1.0/24' });
    expect(byKey(rows, 'filter:wan-to-local').fields).toEqual({ chain: 'forward', action: 'accept', 'in-interface': 'wg-wan-overlay', 'dst-address-list': 'wom-wg-wan-overlay' });
    expect(byKey(rows, 'filter:local-to-wan').fields).toEqual({ chain: 'forward', action: 'accept', 'out-interface': 'wg-wan-overlay', 'src-address-list': 'wom-wg-wan-overlay' });
    expect(byKey(rows, 'filter:service-in').fields).toMatchObject({ 'in-interface': 'wg-wan-overlay', 'connection-nat-state': 'dstnat' });
    expect(byKey(rows, 'nat:service:7f3d9c1e-0000-4000-8000-000000000002:udp').fields).toEqual({
      chain: 'dstnat',
      action: 'dst-nat',
      'in-interface': 'wg-wan-overlay',
      'dst-address': '10.0.5.10',
      protocol: 'udp',
      'dst-port': '445',
      'to-addresses': '192.168.10.5',
      'to-ports': '445',
    });
    expect(byKey(rows, 'nat:service-snat:7f3d9c1e-0000-4000-8000-000000000002').fields).toEqual({
      chain: 'srcnat',
      action: 'src-nat',
      'out-interface': 'wg-wan-overlay',
      'src-address': '192.168.10.5',
      'to-addresses': '10.0.5.10',
    });
    expect(byKey(rows, 'netmap:9a8b7c6d-0000-4000-8000-000000000001:dst').fields).toEqual({
      chain: 'dstnat',
      action: 'netmap',
      'in-interface': 'wg-wan-overlay',
      'dst-address': '172.16.0.0/24',
      'to-addresses': '192.168.1.0/24',
    });
    expect(byKey(rows, 'netmap:9a8b7c6d-0000-4000-8000-000000000001:src').fields).toEqual({
      chain: 'srcnat',
      action: 'netmap',
      'out-interface': 'wg-wan-overlay',
      'src-address': '192.168.1.0/24',
      'to-addresses': '172.16.0.0/24',
    });
  });

  it('adds the relay rule on the hub, and nothing firewall-related for a plain laptop', () => {
    expect(byKey(toRouterOsResources(hubState), 'filter:relay').fields).toEqual({
      chain: 'forward',
      action: 'accept',
      'in-interface': 'wg-wan-overlay',
      'out-interface': 'wg-wan-overlay',
    });
    const laptop = toRouterOsResources(laptopState);
    expect(laptop.filter((row) => row.menu.startsWith('/ip/firewall'))).toEqual([]);
    expect(byKey(laptop, 'interface').fields).toEqual({ name: 'wg-wan-overlay', mtu: '1380' });
  });

  it('omits endpoint and keepalive when the remote has none, or a keepalive of 0', () => {
    const rows = toRouterOsResources(hubState);
    expect(byKey(rows, `peer:${PEER_IDS.laptop}`).fields).toEqual({
      interface: 'wg-wan-overlay',
      'public-key': FIXTURE_KEYS.laptop.publicKey,
      'allowed-address': '10.0.0.3/32',
    });
    const zero = { ...hubState, peers: hubState.peers.map((peer) => ({ ...peer, persistentKeepalive: 0 })) };
    expect(byKey(toRouterOsResources(zero), `peer:${PEER_IDS.branch}`).fields).not.toHaveProperty('persistent-keepalive');
  });

  it('keeps one row for a repeated destination and refuses two different rows under one key', () => {
    const repeated = { ...branchState, routes: [...branchState.routes, '10.0.5.0/24'] };
    expect(toRouterOsResources(repeated).filter((row) => row.key === 'route:10.0.5.0/24')).toHaveLength(1);
    const clash = { ...branchState, peers: [branchState.peers[0]!, { ...branchState.peers[0]!, allowedIps: ['10.9.0.0/24'] }] };
    expect(() => toRouterOsResources(clash)).toThrow(expect.objectContaining({ code: 'ROUTEROS.PLAN_INPUT', message: expect.stringMatching(/share the key "peer:/) }));
  });
});

describe('toRouterOsResources validation', () => {
  const peer = branchState.peers[0]!;
  const service = branchState.serviceNat[0]!;
  const cases: ReadonlyArray<[string, DesiredState, string, string]> = [
    ['interface name with a quote', { ...branchState, interface: { ...branchState.interface, name: 'wg"; /system reset' } }, 'VALIDATION.INVALID_INTERFACE_NAME', 'interface.name'],
    ['interface name too long', { ...branchState, interface: { ...branchState.interface, name: 'wg-much-too-long-name' } }, 'VALIDATION.INVALID_INTERFACE_NAME', 'interface.name'],
    ['interface name starting with a dash', { ...branchState, interface: { ...branchState.interface, name: '-wg' } }, 'VALIDATION.INVALID_INTERFACE_NAME', 'interface.name'],
    ['listen port 0', { ...branchState, interface: { ...branchState.interface, listenPort: 0 } }, 'VALIDATION.INVALID_PORT', 'interface.listenPort'],
    ['mtu 1.5', { ...branchState, interface: { ...branchState.interface, mtu: 1.5 } }, 'VALIDATION.INVALID_MTU', 'interface.mtu'],
    ['interface address without prefix', { ...branchState, interface: { ...branchState.interface, addresses: ['10.0.0.2'] } }, 'VALIDATION.INVALID_CIDR', 'interface.addresses[0]'],
    ['public key with a newline', { ...branchState, peers: [{ ...peer, publicKey: `${peer.publicKey.slice(0, 43)}\n` }] }, 'VALIDATION.INVALID_KEY', 'peers[0].publicKey'],
    ['allowed address with host bits', { ...branchState, peers: [{ ...peer, allowedIps: ['10.0.0.1/24'] }] }, 'VALIDATION.HOST_BITS_SET', 'peers[0].allowedIps[0]'],
    ['no allowed address', { ...branchState, peers: [{ ...peer, allowedIps: [] }] }, 'VALIDATION.INVALID_CIDR', 'peers[0].allowedIps'],
    ['endpoint host with spaces', { ...branchState, peers: [{ ...peer, endpoint: { host: 'a b', port: 1 } }] }, 'VALIDATION.INVALID_ENDPOINT', 'peers[0].endpoint.host'],
    ['endpoint host that is a broken IPv4', { ...branchState, peers: [{ ...peer, endpoint: { host: '10.0.0.300', port: 1 } }] }, 'VALIDATION.INVALID_ENDPOINT', 'peers[0].endpoint.host'],
    ['endpoint port 70000', { ...branchState, peers: [{ ...peer, endpoint: { host: '192.0.2.1', port: 70000 } }] }, 'VALIDATION.INVALID_PORT', 'peers[0].endpoint.port'],
    ['keepalive 70000', { ...branchState, peers: [{ ...peer, persistentKeepalive: 70000 }] }, 'VALIDATION.INVALID_KEEPALIVE', 'peers[0].persistentKeepalive'],
    ['route that is not a CIDR', { ...branchState, routes: ['$[/system reboot]'] }, 'VALIDATION.INVALID_CIDR', 'routes[0]'],
    ['local destination that is not a CIDR', { ...branchState, firewall: { relay: false, localDestinations: ['x'] } }, 'VALIDATION.INVALID_CIDR', 'firewall.localDestinations[0]'],
    ['shared IP with a suffix', { ...branchState, serviceNat: [{ ...service, sharedIp: '10.0.5.10"' }] }, 'VALIDATION.INVALID_IPV4', 'serviceNat[0].sharedIp'],
    ['local port 0', { ...branchState, serviceNat: [{ ...service, localPort: 0 }] }, 'VALIDATION.INVALID_PORT', 'serviceNat[0].localPort'],
    ['protocol icmp', { ...branchState, serviceNat: [{ ...service, protocols: ['icmp' as 'tcp'] }] }, 'VALIDATION.INVALID_PROTOCOL', 'serviceNat[0].protocols[0]'],
    ['netmap of unequal sizes', { ...branchState, netmap: [{ subnetId: 's', realCidr: '192.168.1.0/24', translatedCidr: '172.16.0.0/23' }] }, 'VALIDATION.INVALID_CIDR', 'netmap[0].translatedCidr'],
  ];

  it.each(cases)('refuses %s, naming the field', (_name, state, code, field) => {
    let caught: unknown;
    try {
      toRouterOsResources(state);
    } catch (error) {
      caught = error;
    }
    expect(isDomainError(caught)).toBe(true);
    expect(caught).toMatchObject({ code, details: { field } });
  });

  it('refuses a bad operator-supplied private key', () => {
    expect(() => toRouterOsResources(branchState, { privateKey: 'not-a-key' })).toThrow(
      expect.objectContaining({ code: 'VALIDATION.INVALID_KEY', details: { field: 'privateKey' } }),
    );
  });

  it('accepts IPv6 (bracketed or not) and DNS endpoints, stripping brackets', () => {
    const withHost = (host: string) =>
      byKey(toRouterOsResources({ ...branchState, peers: [{ ...peer, endpoint: { host, port: 51820 } }] }), `peer:${PEER_IDS.hub}`).fields['endpoint-address'];
    expect(withHost('[2001:db8::1]')).toBe('2001:db8::1');
    expect(withHost('2001:db8::1')).toBe('2001:db8::1');
    expect(withHost('vpn-1.example.net')).toBe('vpn-1.example.net');
  });
});
