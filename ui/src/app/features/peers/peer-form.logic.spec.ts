import type { Peer } from '../../core/api.models';
import { defaultMode, draftFromPeer, emptyDraft, liveConflicts, tagList, toPeerRequest, validateDraft, type PeerDraft } from './peer-form.logic';

const wan = { tunnelIpRange: '10.0.0.0/24', sharedServicesRange: '10.0.5.0/24' };
const subnet = (cidr: string, extra: Partial<PeerDraft['subnets'][number]> = {}) => ({ cidr, isRouted: true, natEnabled: false, natTranslatedCidr: '', description: '', ...extra });
const paris = {
  id: 'p1', wanId: 'w', name: 'paris', type: 'mikrotik', publicKey: null, hasPrivateKey: false, pendingManualApplication: false, tunnelIp: '10.0.0.2', endpoint: null, listenPort: null,
  persistentKeepalive: 25, deploymentMode: 'mikrotik-api', isOnline: true, lastSeen: null, tags: ['eu'], desiredRevision: 1, appliedRevision: 1, removal: null, createdAt: '', updatedAt: '',
  subnets: [{ id: 's1', cidr: '192.168.1.0/24', isRouted: true, natEnabled: false, natTranslatedCidr: null, description: '' }],
  mikrotik: { managementIp: '192.0.2.1', apiPort: 8443, username: 'api', hasPassword: true, useSsl: true, verifyCert: false, hasCaCertificate: false, autoDeploy: false, interfaceName: 'wg-wan-overlay', apiStatus: 'connected', lastApiCheck: null, executorAgentId: null, routerIdentity: null, routerosVersion: null, health: null },
} as Peer;

describe('validateDraft', () => {
  it('accepts a plain client', () => {
    expect(validateDraft({ ...emptyDraft(), name: 'laptop-ann' }, false)).toEqual({});
  });

  it('names each bad field the way the API does', () => {
    const problems = validateDraft({ ...emptyDraft(), name: '', endpoint: 'vpn example', listenPort: '70000', publicKey: 'nope', tags: 'ok, bad tag!', subnets: [subnet('10.1.0.1/16')] }, false);
    expect(Object.keys(problems).sort()).toEqual(['endpoint', 'listenPort', 'name', 'publicKey', 'subnets[0].cidr', 'tags[1]']);
    expect(problems['subnets[0].cidr']).toMatch(/10\.1\.0\.0\/16/);
  });

  it('asks for router access only for API-managed MikroTik peers', () => {
    const draft = { ...emptyDraft(), name: 'r1', type: 'mikrotik' as const, deploymentMode: 'mikrotik-api' as const };
    expect(Object.keys(validateDraft(draft, false)).sort()).toEqual(['mikrotik.managementIp', 'mikrotik.password']);
    expect(validateDraft({ ...draft, mikrotik: { ...draft.mikrotik, managementIp: '192.0.2.1' } }, true)).toEqual({});
    expect(validateDraft({ ...draft, mikrotik: { ...draft.mikrotik, managementIp: 'x', password: 'p', interfaceName: 'a-name-that-is-far-too-long' } }, false)).toHaveProperty(['mikrotik.interfaceName']);
    expect(validateDraft({ ...draft, mikrotik: { ...draft.mikrotik, managementIp: 'x', username: 'bad:user', password: 'p' } }, false)).toHaveProperty(['mikrotik.username']);
  });
});

describe('toPeerRequest', () => {
  it('sends MikroTik fields only for MikroTik peers and keeps a stored password on edit', () => {
    const draft = draftFromPeer(paris);
    const body = toPeerRequest(draft, true);
    expect(body).toMatchObject({ name: 'paris', type: 'mikrotik', mikrotik: { managementIp: '192.0.2.1', apiPort: 8443, username: 'api' }, endpoint: null, tags: ['eu'] });
    expect(body['mikrotik']).not.toHaveProperty('password');
    const client = toPeerRequest({ ...emptyDraft(), name: 'c', listenPort: '51820', subnets: [subnet(' 10.9.0.0/24 ', { natEnabled: true, natTranslatedCidr: '10.250.0.0/24' })] }, false);
    expect(client).not.toHaveProperty('mikrotik');
    expect(client).not.toHaveProperty('endpoint');
    expect(client).toMatchObject({ listenPort: 51820, subnets: [{ cidr: '10.9.0.0/24', natEnabled: true, natTranslatedCidr: '10.250.0.0/24' }] });
  });
});

describe('liveConflicts', () => {
  it('warns as soon as a typed subnet overlaps another peer', () => {
    const conflicts = liveConflicts({ ...emptyDraft(), name: 'lyon', subnets: [subnet('192.168.1.0/25')] }, wan, [paris]);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]!.message).toMatch(/paris/);
    expect(conflicts[0]!.resolutions).toContain('nat-translate');
  });

  it('flags a subnet inside the tunnel range as critical', () => {
    expect(liveConflicts({ ...emptyDraft(), subnets: [subnet('10.0.0.0/25')] }, wan, [])[0]?.severity).toBe('critical');
  });

  it('ignores half-typed subnets and its own stored subnets', () => {
    expect(liveConflicts({ ...emptyDraft(), subnets: [subnet('192.168.')] }, wan, [paris])).toEqual([]);
    expect(liveConflicts(draftFromPeer(paris), wan, [paris], 'p1')).toEqual([]);
  });
});

describe('helpers', () => {
  it('splits tags', () => expect(tagList(' eu, office,,eu ')).toEqual(['eu', 'office']));
  it('picks a deployment mode by type', () => {
    expect(defaultMode('mikrotik')).toBe('mikrotik-api');
    expect(defaultMode('client')).toBe('config-file');
    expect(defaultMode('server')).toBe('agent');
  });
});
