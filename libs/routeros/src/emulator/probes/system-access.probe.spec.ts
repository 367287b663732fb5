import { Harness } from '../../__fixtures__/harness';
import { badRequest, expected, ROW_ID, runProbe, serverError, type Probe } from './probe-runner';

const harness = new Harness();
afterAll(() => harness.close());

const ERRORS_6 = 'ROUTEROS-REST.md §6 (authenticated but lacking read/write: 500; without api: "std failure: not allowed (9)")';
const USER_PAGE = 'MikroTik manual "User" (group policies; "policy" grants user management together with "write")';
const WG = { method: 'PUT', path: '/interface/wireguard', body: { name: 'wg1' } } as const;
const ADDRESS = { method: 'PUT', path: '/ip/address', body: { address: '10.1.0.1/24', interface: 'ether1' } } as const;

const PROBES: readonly Probe[] = [
  { behaviour: 'identity: a bare object', version: '7.19.4', source: 'ROUTEROS-REST.md §2 (singletons on current versions)', request: { method: 'GET', path: '/system/identity' }, status: 200, body: { name: 'r1' } },
  { behaviour: 'identity: set takes only its own arguments', version: '7.19.4', source: 'ROUTEROS-REST.md §6 "unknown parameter"; §2 POST …/set', request: { method: 'POST', path: '/system/identity/set', body: { name: 'hq', colour: 'red' } }, status: 400, body: badRequest('unknown parameter colour') },
  { behaviour: 'identity: set answers []', version: '7.16.2', source: 'ROUTEROS-REST.md §2 (TF issue #769 shows the [])', request: { method: 'POST', path: '/system/identity/set', body: { name: 'hq' } }, status: 200, body: [] },
  { behaviour: 'resource: .proplist keeps only the named properties', version: '7.19.4', source: 'ROUTEROS-REST.md §4 .proplist; §8 /system/resource', request: { method: 'GET', path: '/system/resource?.proplist=version,board-name' }, status: 200, body: { 'board-name': 'RB5009UG+S+', version: '7.19.4' } },
  // Only the status is pinned: what a v6 web server puts in the body is not REST's to define.
  { behaviour: 'resource: RouterOS 6 has no /rest at all', version: '6.49.10', source: 'ROUTEROS-REST.md §1 (REST from 7.1beta4)', request: { method: 'GET', path: '/system/resource' }, status: 404, body: expect.anything() },
  { behaviour: 'export: unknown argument', version: '7.19.4', source: 'ROUTEROS-REST.md §7 /export {compact, file, show-sensitive}; §6', request: { method: 'POST', path: '/export', body: { file: 'x', colour: 'red' } }, status: 400, body: badRequest('unknown parameter colour') },
  { behaviour: 'export: writes a file and answers []', version: '7.12.1', source: 'ROUTEROS-REST.md §7 ("POST /rest/export {compact, file} writes test.rsc")', request: { method: 'POST', path: '/export', body: { compact: '', file: 'test' } }, status: 200, body: [] },
  {
    behaviour: 'export: show-sensitive writes the keys for a user with sensitive',
    version: '7.19.4',
    source: 'ROUTEROS-REST.md §7 (secrets hidden unless show-sensitive, from v7.1)',
    setup: [WG, { method: 'POST', path: '/export', body: { file: 'probe', 'show-sensitive': '' } }],
    request: { method: 'GET', path: '/file?name=probe.rsc&.proplist=contents' },
    status: 200,
    body: [{ '.id': ROW_ID, contents: expect.stringContaining('private-key=') }],
  },
  {
    behaviour: 'export: show-sensitive writes no key for a user without sensitive',
    version: '7.19.4',
    source: 'ROUTEROS-REST.md §7 and §1 (the sensitive policy)',
    setup: [WG, { method: 'POST', path: '/export', body: { file: 'probe', 'show-sensitive': '' }, as: 'writer' }],
    request: { method: 'GET', path: '/file?name=probe.rsc&.proplist=contents' },
    status: 200,
    body: [{ '.id': ROW_ID, contents: expect.stringMatching(/^(?![\s\S]*private-key=)[\s\S]*name=wg1/) }],
  },
  { behaviour: 'access: a read-only account reads', version: '7.19.4', source: USER_PAGE, user: 'reader', setup: [ADDRESS], request: { method: 'GET', path: '/ip/address?.proplist=address' }, status: 200, body: [{ '.id': ROW_ID, address: '10.1.0.1/24' }] },
  { behaviour: 'access: a read-only account can not write', version: '7.19.4', source: ERRORS_6, user: 'reader', request: ADDRESS, status: 500, body: serverError('not enough permissions (9)') },
  { behaviour: 'access: a read-only account can not delete', version: '7.16.2', source: ERRORS_6, user: 'reader', setup: [ADDRESS], request: { method: 'DELETE', path: '/ip/address/{last}' }, status: 500, body: serverError('not enough permissions (9)') },
  { behaviour: 'access: a group without api', version: '7.19.4', source: ERRORS_6, user: 'noapi', request: { method: 'GET', path: '/system/identity' }, status: 500, body: serverError('std failure: not allowed (9)') },
  { behaviour: 'access: a group without rest-api can not log in', version: '7.19.4', source: 'ROUTEROS-REST.md §1, §6 (401)', user: 'norest', request: { method: 'GET', path: '/system/identity' }, status: 401, body: { error: 401, message: 'Unauthorized' } },
  {
    behaviour: 'access: a read-only account lists groups; policy lists what a group lacks with !',
    version: '7.19.4',
    source: `${USER_PAGE}; the "policy=read,api,test,!local,…" form (home-assistant/home-assistant.io issue #35975)`,
    user: 'reader',
    request: { method: 'GET', path: '/user/group?name=read' },
    status: 200,
    body: [{ '.id': ROW_ID, name: 'read', policy: 'local,telnet,ssh,reboot,read,test,winbox,password,web,sniff,api,romon,rest-api,!ftp,!write,!policy,!sensitive', skin: 'default' }],
  },
  { behaviour: 'access: users are listed without passwords', version: '7.19.4', source: USER_PAGE, user: 'reader', request: { method: 'GET', path: '/user?name=reader' }, status: 200, body: [{ '.id': ROW_ID, disabled: 'false', group: 'read', name: 'reader' }] },
  { behaviour: 'access: adding a user takes the policy policy', version: '7.19.4', source: USER_PAGE, user: 'writer', request: { method: 'PUT', path: '/user', body: { name: 'x', group: 'read', password: 'p' } }, status: 500, body: serverError('not enough permissions (9)') },
  { behaviour: 'access: a user name twice', version: '7.19.4', source: 'ROUTEROS-REST.md §6 "failure: user with the same name already exists" (TIKOCI users-rest)', request: { method: 'PUT', path: '/user', body: { name: 'reader', group: 'read', password: 'p' } }, status: 400, body: badRequest('failure: user with the same name already exists') },
  { behaviour: 'access: a group that does not exist', version: '7.19.4', source: 'ROUTEROS-REST.md §6 enum/reference wording', request: { method: 'PUT', path: '/user', body: { name: 'x', group: 'nope', password: 'p' } }, status: 400, body: badRequest('input does not match any value of group') },
  { behaviour: 'read: GET .proplist always carries .id', version: '7.19.4', source: 'ROUTEROS-REST.md §4 (7.23 captures; clients should name .id)', setup: [ADDRESS], request: { method: 'GET', path: '/ip/address?.proplist=interface' }, status: 200, body: [{ '.id': ROW_ID, interface: 'ether1' }] },
  { behaviour: 'read: POST print .proplist carries .id only when named', version: '7.19.4', source: 'ROUTEROS-REST.md §4', setup: [ADDRESS], request: { method: 'POST', path: '/ip/address/print', body: { '.proplist': ['interface'] } }, status: 200, body: [{ interface: 'ether1' }] },
  { behaviour: 'read: .query ORs two equalities', version: '7.16.2', source: 'ROUTEROS-REST.md §4 (stack query words)', request: { method: 'POST', path: '/interface/print', body: { '.proplist': 'name', '.query': ['name=ether2', 'name=bridge', '#|'] } }, status: 200, body: [{ name: 'ether2' }, { name: 'bridge' }] },
  { behaviour: 'read: count-only', version: '7.19.4', source: 'ROUTEROS-REST.md §2 ("count-only" returns ret)', request: { method: 'POST', path: '/interface/print', body: { 'count-only': '', '.query': ['type=ether'] } }, status: 200, body: { ret: '5' } },
  { behaviour: 'read: a row in a menu without names, addressed by text', version: '7.19.4', source: 'ROUTEROS-REST.md §3 ("no such command prefix")', request: { method: 'GET', path: '/ip/firewall/filter/by-name' }, status: 400, body: badRequest('no such command prefix') },
];

describe('RouterOS probes: system, export, users and access, reading', () => {
  it.each(PROBES.map((probe) => [`${probe.version} ${probe.behaviour}`, probe] as const))('%s', async (_name, probe) => {
    expect(await runProbe(harness, probe)).toEqual(expected(probe));
  });
});
