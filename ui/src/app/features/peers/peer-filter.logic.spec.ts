import type { Peer } from '../../core/api.models';
import { ago, allTags, apiStatusView, filterPeers, isApiManaged, NO_FILTER, removalView } from './peer-filter.logic';

const peer = (name: string, extra: Partial<Peer> = {}): Peer => ({
  id: name, wanId: 'w', name, type: 'client', publicKey: null, hasPrivateKey: false, pendingManualApplication: false, tunnelIp: '10.0.0.2', endpoint: null,
  listenPort: null, persistentKeepalive: null, deploymentMode: 'config-file', isOnline: false, lastSeen: null, tags: [], desiredRevision: 1, appliedRevision: 0,
  subnets: [], mikrotik: null, removal: null, createdAt: '', updatedAt: '', ...extra,
});

const peers = [
  peer('paris', { type: 'mikrotik', deploymentMode: 'mikrotik-api', tags: ['eu', 'office'], isOnline: true, subnets: [{ id: 's', cidr: '192.168.10.0/24', isRouted: true, natEnabled: false, natTranslatedCidr: null, description: '' }] }),
  peer('berlin', { type: 'mikrotik', tags: ['eu'] }),
  peer('laptop-ann', { tunnelIp: '10.0.0.9' }),
];

describe('filterPeers', () => {
  it('keeps everything, sorted by name, without a filter', () => {
    expect(filterPeers(peers, NO_FILTER).map((p) => p.name)).toEqual(['berlin', 'laptop-ann', 'paris']);
  });
  it('combines type, tag and status', () => {
    expect(filterPeers(peers, { ...NO_FILTER, type: 'mikrotik', tag: 'eu', status: 'offline' }).map((p) => p.name)).toEqual(['berlin']);
    expect(filterPeers(peers, { ...NO_FILTER, status: 'online' }).map((p) => p.name)).toEqual(['paris']);
  });
  it('searches names, addresses, tags and subnets', () => {
    expect(filterPeers(peers, { ...NO_FILTER, text: '192.168.10' }).map((p) => p.name)).toEqual(['paris']);
    expect(filterPeers(peers, { ...NO_FILTER, text: ' 10.0.0.9 ' }).map((p) => p.name)).toEqual(['laptop-ann']);
    expect(filterPeers(peers, { ...NO_FILTER, text: 'OFFICE' }).map((p) => p.name)).toEqual(['paris']);
  });
});

describe('helpers', () => {
  it('lists tags once, sorted', () => expect(allTags(peers)).toEqual(['eu', 'office']));
  it('says how long ago', () => {
    const now = Date.parse('2026-01-01T01:00:00Z');
    expect(ago(null, now)).toBe('never');
    expect(ago('2026-01-01T00:59:30Z', now)).toBe('30 s ago');
    expect(ago('2026-01-01T00:58:00Z', now)).toBe('2 min ago');
    expect(ago('2025-12-31T22:00:00Z', now)).toBe('3 h ago');
    expect(ago('2025-12-29T01:00:00Z', now)).toBe('3 d ago');
    expect(ago('nonsense', now)).toBe('unknown');
  });
  it('recognises API-managed routers', () => {
    expect(isApiManaged(peers[0]!)).toBe(true);
    expect(isApiManaged(peers[1]!)).toBe(false);
  });
});

describe('apiStatusView', () => {
  const mikrotik = (apiStatus: string, executorAgentId: string | null = null) => ({ managementIp: '192.0.2.1', apiPort: 443, username: 'api', hasPassword: true, useSsl: true, verifyCert: false, hasCaCertificate: false, autoDeploy: false, interfaceName: 'wg-wan-overlay', apiStatus, lastApiCheck: null, executorAgentId, routerIdentity: null, routerosVersion: null, health: null });

  it('reads a silent agent as unknown, never as down', () => {
    expect(apiStatusView(mikrotik('agent-offline', 'a1'))).toEqual({ text: 'unknown (agent offline)', tone: 'neutral' });
  });

  it('says which routers are read through their agent', () => {
    expect(apiStatusView(mikrotik('connected', 'a1'))).toEqual({ text: 'connected via agent', tone: 'online' });
    expect(apiStatusView(mikrotik('connected'))).toEqual({ text: 'connected', tone: 'online' });
    expect(apiStatusView(mikrotik('unreachable'))).toEqual({ text: 'unreachable', tone: 'offline' });
    expect(apiStatusView(null)).toEqual({ text: 'unknown', tone: 'neutral' });
  });
});

describe('removalView', () => {
  it('shows nothing for a peer that is not being removed', () => expect(removalView(null)).toBeNull());

  it('reads "removing" while the undeploy runs, and "removal pending" with the reason once an attempt failed', () => {
    expect(removalView({ requestedAt: '2026-01-01T00:00:00Z', attempts: 1, lastError: null })).toEqual({ text: 'removing', tone: 'neutral', detail: expect.stringContaining('being taken off the router') });
    expect(removalView({ requestedAt: '2026-01-01T00:00:00Z', attempts: 3, lastError: 'The router did not answer.' })).toEqual({
      text: 'removal pending',
      tone: 'offline',
      detail: 'Removal pending after 3 attempt(s), retried automatically: The router did not answer.',
    });
  });
});
