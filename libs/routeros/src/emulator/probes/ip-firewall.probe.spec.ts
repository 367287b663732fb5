import { Harness } from '../../__fixtures__/harness';
import { badRequest, expected, ROW_ID, runProbe, type Probe } from './probe-runner';

const harness = new Harness();
afterAll(() => harness.close());

const ADDRESS_8 = 'ROUTEROS-REST.md §8 /ip/address (DOC PUT reply sample)';
const ROUTE_8 = 'ROUTEROS-REST.md §8 /ip/route';
const RULES_8 = 'ROUTEROS-REST.md §8 /ip/firewall/filter and nat';
const LIST_8 = 'ROUTEROS-REST.md §8 /ip/firewall/address-list';
const put = (path: string, body: Record<string, string>) => ({ method: 'PUT', path, body }) as const;
const address = (fields: Record<string, string> = {}) => put('/ip/address', { address: '192.168.111.111', interface: 'ether1', ...fields });
const rule = (fields: Record<string, string>) => put('/ip/firewall/filter', { chain: 'forward', ...fields });
const entry = (fields: Record<string, string>) => put('/ip/firewall/address-list', { list: 'wom', ...fields });

const PROBES: readonly Probe[] = [
  {
    behaviour: 'address: a bare address is stored as /32, network and actual-interface derived',
    version: '7.19.4',
    source: ADDRESS_8,
    request: address(),
    status: 201,
    body: { '.id': ROW_ID, 'actual-interface': 'ether1', address: '192.168.111.111/32', disabled: 'false', dynamic: 'false', interface: 'ether1', invalid: 'false', network: '192.168.111.111' },
  },
  { behaviour: 'address: not an address', version: '7.16.2', source: 'ROUTEROS-REST.md §6 "invalid value for argument address"', request: address({ address: '10.0.0.300/24' }), status: 400, body: badRequest('invalid value for argument address') },
  { behaviour: 'address: the same address twice on one interface', version: '7.19.4', source: 'ROUTEROS-REST.md §6 "failure: already have such address"', setup: [address({ address: '10.1.0.1/24' })], request: address({ address: '10.1.0.1/24' }), status: 400, body: badRequest('failure: already have such address') },
  { behaviour: 'address: netmask unknown before 7.15', version: '7.12.1', source: 'ROUTEROS-REST.md §8 (broadcast/netmask 7.15+); ansible _api_data.py', request: address({ netmask: '255.255.255.255' }), status: 400, body: badRequest('unknown parameter netmask') },
  { behaviour: 'address: no vrf in any 7.x', version: '7.21.1', source: 'https://github.com/terraform-routeros/terraform-provider-routeros/issues/944 and #999', request: address({ vrf: 'main' }), status: 400, body: badRequest('unknown parameter vrf') },
  { behaviour: 'address: an interface that does not exist', version: '7.19.4', source: 'ROUTEROS-REST.md §6 "input does not match any value of interface"', request: address({ interface: 'ether99' }), status: 400, body: badRequest('input does not match any value of interface') },
  {
    behaviour: 'route: defaults printed (distance 1, table main, scope 30, target-scope 10)',
    version: '7.19.4',
    source: ROUTE_8,
    request: put('/ip/route', { 'dst-address': '10.8.0.0/16', gateway: 'ether1' }),
    status: 201,
    body: { '.id': ROW_ID, active: 'true', disabled: 'false', distance: '1', 'dst-address': '10.8.0.0/16', dynamic: 'false', gateway: 'ether1', inactive: 'false', 'routing-table': 'main', scope: '30', static: 'true', 'target-scope': '10' },
  },
  { behaviour: 'route: prefix length past 32', version: '7.19.4', source: 'ROUTEROS-REST.md §6 invalid value', request: put('/ip/route', { 'dst-address': '10.8.0.0/33', gateway: 'ether1' }), status: 400, body: badRequest('invalid value for argument dst-address') },
  { behaviour: 'route: distance out of range', version: '7.12.1', source: 'MikroTik manual "IP Routing": distance integer [0..255]; §6 out-of-range form', request: put('/ip/route', { 'dst-address': '10.8.0.0/16', gateway: 'ether1', distance: '300' }), status: 400, body: badRequest('value of distance out of range (0..255)') },
  { behaviour: 'filter: an action RouterOS does not have', version: '7.19.4', source: `${RULES_8}; §6 "input does not match any value of"`, request: rule({ action: 'allow' }), status: 400, body: badRequest('input does not match any value of action') },
  { behaviour: 'filter: place-before is refused on PATCH', version: '7.19.4', source: 'ROUTEROS-REST.md §7 (TF issue #223)', setup: [rule({ action: 'accept' })], request: { method: 'PATCH', path: '/ip/firewall/filter/{last}', body: { 'place-before': '*1' } }, status: 400, body: badRequest('unknown parameter place-before') },
  { behaviour: 'filter: a rule shows disabled only once written', version: '7.19.4', source: 'ROUTEROS-REST.md §5 (disabled may be missing on firewall rules)', request: rule({ action: 'accept', 'connection-state': 'established,related' }), status: 201, body: { '.id': ROW_ID, action: 'accept', bytes: '0', chain: 'forward', 'connection-state': 'established,related', dynamic: 'false', invalid: 'false', log: 'false', 'log-prefix': '', packets: '0' } },
  { behaviour: 'filter: a connection state that does not exist', version: '7.16.2', source: `${RULES_8}; §6 enum wording`, request: rule({ 'connection-state': 'established,bogus' }), status: 400, body: badRequest('input does not match any value of connection-state') },
  { behaviour: 'filter: ports without a port protocol (wording not captured)', version: '7.19.4', source: `${RULES_8}: src-/dst-port "need protocol"`, request: rule({ 'dst-port': '443' }), status: 400, body: badRequest('failure: dst-port can be set only for tcp, udp, udp-lite, dccp and sctp protocols') },
  { behaviour: 'nat: netmap to a prefix', version: '7.19.4', source: 'MikroTik manual "NAT" (netmap to-addresses=192.168.1.0/24); §8', request: put('/ip/firewall/nat', { chain: 'dstnat', action: 'netmap', 'dst-address': '10.99.0.0/24', 'to-addresses': '192.168.88.0/24' }), status: 201, body: expect.objectContaining({ action: 'netmap', 'to-addresses': '192.168.88.0/24' }) },
  { behaviour: 'nat: a port out of range', version: '7.19.4', source: 'ROUTEROS-REST.md §6 invalid value', request: put('/ip/firewall/nat', { chain: 'dstnat', action: 'dst-nat', protocol: 'tcp', 'dst-port': '443', 'to-ports': '70000' }), status: 400, body: badRequest('invalid value for argument to-ports') },
  { behaviour: 'address-list: a host prefix prints bare, and /32 is the same entry', version: '7.19.4', source: `${LIST_8}: duplicate list+address "failure: already have such entry"`, setup: [entry({ address: '10.0.0.1' })], request: entry({ address: '10.0.0.1/32' }), status: 400, body: badRequest('failure: already have such entry') },
  { behaviour: 'address-list: an entry with a timeout is dynamic', version: '7.19.4', source: `${LIST_8}: "An entry created with a timeout is dynamic"`, request: entry({ address: '10.0.0.0/24', timeout: '3600' }), status: 201, body: { '.id': ROW_ID, address: '10.0.0.0/24', 'creation-time': expect.stringMatching(/^2025-06-01 /), disabled: 'false', dynamic: 'true', list: 'wom', timeout: '1h' } },
  { behaviour: 'address-list: dates print the 7.10 way on 7.10', version: '7.10.2', source: 'ROUTEROS-REST.md §5 (v7.10 and earlier "Jun/15/2023 05:17:29")', request: entry({ address: '10.0.0.0/24' }), status: 201, body: expect.objectContaining({ 'creation-time': expect.stringMatching(/^Jun\/01\/2025 \d\d:\d\d:\d\d$/) }) },
];

describe('RouterOS probes: /ip/address, /ip/route and the firewall', () => {
  it.each(PROBES.map((probe) => [`${probe.version} ${probe.behaviour}`, probe] as const))('%s', async (_name, probe) => {
    expect(await runProbe(harness, probe)).toEqual(expected(probe));
  });
});
