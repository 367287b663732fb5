import { Harness } from '../../__fixtures__/harness';
import { fixtureKeys } from '../../__fixtures__/overlay-states';
import { badRequest, expected, ROW_ID, runProbe, serverError, type Probe } from './probe-runner';

const harness = new Harness();
afterAll(() => harness.close());

const IFACE = fixtureKeys(201);
const REMOTE = fixtureKeys(202);
const OTHER = fixtureKeys(203);
const WG1 = { method: 'PUT', path: '/interface/wireguard', body: { name: 'wg1', 'private-key': IFACE.privateKey } } as const;
const WG2 = { method: 'PUT', path: '/interface/wireguard', body: { name: 'wg2' } } as const;
const peer = (fields: Record<string, string> = {}) => ({ interface: 'wg1', 'public-key': REMOTE.publicKey, 'allowed-address': '10.0.0.2/32', ...fields });
const addPeer = (fields: Record<string, string> = {}) => ({ method: 'PUT', path: '/interface/wireguard/peers', body: peer(fields) }) as const;

const DOC_8 = 'ROUTEROS-REST.md §8 /interface/wireguard (MikroTik manual "WireGuard"; TF sample row)';
const PEERS_8 = 'ROUTEROS-REST.md §8 /interface/wireguard/peers';
const CHANGELOG_7_12 = 'RouterOS 7.12 changelog, quoted at https://forum.mikrotik.com/t/integration-of-wireguard-to-usermanager-v7-x/171096';
const CHANGELOG_7_15 = 'RouterOS 7.15 changelog, quoted in https://github.com/ansible-collections/community.routeros/pull/304';
const RENAME_7_17 = 'https://github.com/terraform-routeros/terraform-provider-routeros/issues/654 and ansible-collections/community.routeros PR #364';

const PROBES: readonly Probe[] = [
  {
    behaviour: 'interface: create prints every value as a string, defaults filled, public key derived',
    version: '7.19.4',
    source: DOC_8,
    request: WG1,
    status: 201,
    body: { '.id': ROW_ID, disabled: 'false', 'listen-port': '13231', mtu: '1420', name: 'wg1', 'private-key': IFACE.privateKey, 'public-key': IFACE.publicKey, running: 'true' },
  },
  {
    behaviour: 'interface: vrf exists from 7.21 (default main)',
    version: '7.21.1',
    source: 'ansible community.routeros _api_data.py, versioned_fields of interface wireguard; MikroTik manual "WireGuard" vrf property',
    request: WG1,
    status: 201,
    body: expect.objectContaining({ name: 'wg1', vrf: 'main' }),
  },
  { behaviour: 'interface: vrf before 7.21 is unknown', version: '7.19.4', source: 'ansible _api_data.py (vrf >= 7.21); ROUTEROS-REST.md §9', request: { method: 'PUT', path: '/interface/wireguard', body: { name: 'wg1', vrf: 'main' } }, status: 400, body: badRequest('unknown parameter vrf') },
  { behaviour: 'interface: listen-port out of range', version: '7.19.4', source: 'ROUTEROS-REST.md §6 "value of priority out of range (1..254)" form', request: { method: 'PUT', path: '/interface/wireguard', body: { name: 'wg1', 'listen-port': '70000' } }, status: 400, body: badRequest('value of listen-port out of range (1..65535)') },
  { behaviour: 'interface: mtu that is not a number', version: '7.12.1', source: 'ROUTEROS-REST.md §6 "invalid value for argument address" form', request: { method: 'PUT', path: '/interface/wireguard', body: { name: 'wg1', mtu: 'jumbo' } }, status: 400, body: badRequest('invalid value for argument mtu') },
  { behaviour: 'interface: private key that is not 44-character base64', version: '7.16.2', source: DOC_8, request: { method: 'PUT', path: '/interface/wireguard', body: { name: 'wg1', 'private-key': 'c2hvcnQ=' } }, status: 400, body: badRequest('invalid value for argument private-key') },
  { behaviour: 'interface: a name another interface holds', version: '7.19.4', source: 'ROUTEROS-REST.md §6 "failure: already have interface with such name"', request: { method: 'PUT', path: '/interface/wireguard', body: { name: 'ether1' } }, status: 400, body: badRequest('failure: already have interface with such name') },
  { behaviour: 'interface: writing read-only state is an unknown parameter', version: '7.19.4', source: 'https://github.com/ansible-collections/community.routeros/pull/233 ("unknown parameter running")', request: { method: 'PUT', path: '/interface/wireguard', body: { name: 'wg1', running: 'true' } }, status: 400, body: badRequest('unknown parameter running') },
  { behaviour: 'interface: secrets masked for a user without sensitive', version: '7.19.4', source: 'ROUTEROS-REST.md §1 (ansible PR #143)', user: 'reader', setup: [WG1], request: { method: 'GET', path: '/interface/wireguard/wg1' }, status: 200, body: expect.objectContaining({ 'private-key': '*****', 'public-key': IFACE.publicKey }) },
  {
    behaviour: 'peer: keepalive and allowed-address normalised, endpoint defaults printed',
    version: '7.19.4',
    source: `${PEERS_8} (defaults "" and 0; durations like "25s" per §5)`,
    setup: [WG1],
    request: addPeer({ 'allowed-address': '10.0.0.2', 'persistent-keepalive': '90' }),
    status: 201,
    body: { '.id': ROW_ID, 'allowed-address': '10.0.0.2/32', disabled: 'false', dynamic: 'false', 'endpoint-address': '', 'endpoint-port': '0', interface: 'wg1', 'persistent-keepalive': '1m30s', 'public-key': REMOTE.publicKey, rx: '0', tx: '0' },
  },
  {
    behaviour: 'peer: PATCH prints a clock-form keepalive with units; !prop returns a property to its default',
    version: '7.19.4',
    source: 'ROUTEROS-REST.md §5 (time values; "!prop" unsets, TF mikrotik_serialize.go)',
    setup: [WG1, addPeer({ 'endpoint-address': 'vpn.example.net', 'endpoint-port': '51820' })],
    request: { method: 'PATCH', path: '/interface/wireguard/peers/{last}', body: { 'persistent-keepalive': '00:00:25', '!endpoint-address': '' } },
    status: 200,
    body: {
      '.id': ROW_ID,
      'allowed-address': '10.0.0.2/32',
      disabled: 'false',
      dynamic: 'false',
      'endpoint-address': '',
      'endpoint-port': '51820',
      interface: 'wg1',
      'persistent-keepalive': '25s',
      'public-key': REMOTE.publicKey,
      rx: '0',
      tx: '0',
    },
  },
  { behaviour: 'peer: keepalive 0 is off and not shown', version: '7.19.4', source: `${PEERS_8}; the captured 7.21 row shows no persistent-keepalive`, setup: [WG1], request: addPeer({ 'persistent-keepalive': '0' }), status: 201, body: expect.not.objectContaining({ 'persistent-keepalive': expect.anything() }) },
  { behaviour: 'peer: client-config fields from 7.12', version: '7.12.1', source: CHANGELOG_7_12, setup: [WG1], request: addPeer({ 'client-address': '10.0.0.2/32', 'client-keepalive': '25' }), status: 201, body: expect.objectContaining({ 'client-address': '10.0.0.2/32', 'client-keepalive': '25s' }) },
  { behaviour: 'peer: client-config fields unknown before 7.12', version: '7.11.2', source: CHANGELOG_7_12, setup: [WG1], request: addPeer({ 'client-address': '10.0.0.2/32' }), status: 400, body: badRequest('unknown parameter client-address') },
  { behaviour: 'peer: name unknown before 7.15', version: '7.12.1', source: CHANGELOG_7_15, setup: [WG1], request: addPeer({ name: 'hq' }), status: 400, body: badRequest('unknown parameter name') },
  { behaviour: 'peer: is-responder on 7.15 and 7.16', version: '7.16.2', source: CHANGELOG_7_15, setup: [WG1], request: addPeer({ name: 'hq', 'is-responder': 'yes' }), status: 201, body: expect.objectContaining({ name: 'hq', 'is-responder': 'true' }) },
  { behaviour: 'peer: is-responder refused from 7.17', version: '7.19.4', source: RENAME_7_17, setup: [WG1], request: addPeer({ 'is-responder': 'yes' }), status: 400, body: badRequest('unknown parameter is-responder') },
  { behaviour: 'peer: responder from 7.17', version: '7.17.1', source: RENAME_7_17, setup: [WG1], request: addPeer({ responder: 'no' }), status: 201, body: expect.objectContaining({ responder: 'false' }) },
  { behaviour: 'peer: 7.21 prints client-allowed-address ::/0 and an empty client-endpoint', version: '7.21.1', source: `${PEERS_8}: v7.21 client-allowed-address (default ::/0) and the captured 7.21-era row`, setup: [WG1], request: addPeer(), status: 201, body: expect.objectContaining({ 'client-allowed-address': '::/0', 'client-endpoint': '' }) },
  { behaviour: 'peer: client-allowed-address unknown before 7.21', version: '7.19.4', source: `${PEERS_8}; ansible _api_data.py`, setup: [WG1], request: addPeer({ 'client-allowed-address': '::/0' }), status: 400, body: badRequest('unknown parameter client-allowed-address') },
  { behaviour: 'peer: public key that is not a key', version: '7.19.4', source: PEERS_8, setup: [WG1], request: addPeer({ 'public-key': 'not-a-key' }), status: 400, body: badRequest('invalid value for argument public-key') },
  { behaviour: 'peer: bad keepalive', version: '7.16.2', source: 'ROUTEROS-REST.md §5 time values, §6 invalid value', setup: [WG1], request: addPeer({ 'persistent-keepalive': 'soon' }), status: 400, body: badRequest('invalid value for argument persistent-keepalive') },
  { behaviour: 'peer: endpoint port out of range', version: '7.19.4', source: 'ROUTEROS-REST.md §6 out-of-range form', setup: [WG1], request: addPeer({ 'endpoint-port': '65536' }), status: 400, body: badRequest('value of endpoint-port out of range (0..65535)') },
  { behaviour: 'peer: interface that is not a WireGuard interface', version: '7.19.4', source: 'ROUTEROS-REST.md §6 "input does not match any value of interface"', setup: [WG1], request: addPeer({ interface: 'ether1' }), status: 400, body: badRequest('input does not match any value of interface') },
  { behaviour: 'peer: bad allowed-address', version: '7.19.4', source: 'ROUTEROS-REST.md §6 invalid value', setup: [WG1], request: addPeer({ 'allowed-address': '10.0.0.0/33' }), status: 400, body: badRequest('invalid value for argument allowed-address') },
  {
    behaviour: 'peer: one public key per router, whatever the interface',
    version: '7.19.4',
    source: 'MikroTik forum answer quoted in https://github.com/nasnet-community/nasnet-panel/pull/768 ("failure: entry already exists")',
    setup: [WG1, WG2, addPeer()],
    request: { method: 'PUT', path: '/interface/wireguard/peers', body: peer({ interface: 'wg2', 'allowed-address': '10.9.0.2/32' }) },
    status: 400,
    body: badRequest('failure: entry already exists'),
  },
  {
    behaviour: 'peer: allowed-address may not overlap on one interface (wording not captured)',
    version: '7.19.4',
    source: 'MikroTik manual "WireGuard": "Allowed-address range cannot overlap on one interface"; ROUTEROS-REST.md §8',
    setup: [WG1, addPeer({ 'allowed-address': '10.0.0.0/24' })],
    request: { method: 'PUT', path: '/interface/wireguard/peers', body: peer({ 'public-key': OTHER.publicKey, 'allowed-address': '10.0.0.128/25' }) },
    status: 400,
    body: badRequest(expect.stringMatching(/^failure: allowed-address overlaps with peer \*[0-9A-F]+$/) as unknown as string),
  },
  { behaviour: 'peer: a read-only account can not add', version: '7.19.4', source: 'ROUTEROS-REST.md §6 "not enough permissions (9)"', user: 'reader', setup: [WG1], request: addPeer(), status: 500, body: serverError('not enough permissions (9)') },
];

describe('RouterOS probes: /interface/wireguard and its peers', () => {
  it('has at least one probe per release line the product relies on', () => {
    expect(new Set(PROBES.map((probe) => probe.version.split('.').slice(0, 2).join('.')))).toEqual(new Set(['7.11', '7.12', '7.16', '7.17', '7.19', '7.21']));
  });

  it.each(PROBES.map((probe) => [`${probe.version} ${probe.behaviour}`, probe] as const))('%s', async (_name, probe) => {
    expect(await runProbe(harness, probe)).toEqual(expected(probe));
  });
});
