import request from 'supertest';
import { installCommand } from '@wom/contracts';
import { NatsClient } from '../src/nats/nats-client';
import { hashEnrollmentSecret } from '../src/agents/enrollment-secret';
import { startTestNats, type TestNats } from './harness/nats-server';
import { connectAgent, enroll, newAgentKeys, requestDesired } from './harness/simulated-agent';
import { startTestApp, type TestApp } from './harness/test-app';

/** A documentation address (RFC 5737): the commands must carry it, never the listen address. */
const PUBLIC_URL = 'http://203.0.113.10:8080';

describe('enrollment tokens and agent enrollment (real PostgreSQL and nats-server)', () => {
  let nats: TestNats;
  let t: TestApp;
  let wanId: string;
  const api = () => request(t.http);
  const newToken = async (body: object = {}) => (await api().post('/api/enrollment-tokens').send({ wanId, ...body }).expect(201)).body;
  const count = async (table: 'peer' | 'agent' | 'enrollment_token') => Number((await t.database.manager.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);
  const enrollBody = (token: string, keys = newAgentKeys(), extra: object = {}) => ({
    token,
    wireguardPublicKey: keys.wireguard.publicKey,
    natsPublicKey: keys.nats.publicKey,
    hostname: 'branch-7',
    ...extra,
  });

  beforeAll(async () => {
    nats = await startTestNats();
    t = await startTestApp({ ...nats.env, PUBLIC_URL });
    await t.app.get(NatsClient).whenReady();
    wanId = (await api().post('/api/wan').send({ name: 'enroll' }).expect(201)).body.id;
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await nats?.stop();
  });

  it('shows a token once and stores only its hash', async () => {
    const created = await newToken({ name: 'branches', tags: ['site'], maxUses: 5, nameTemplate: 'br-{hostname}', peerType: 'generic-router' });
    expect(created.token).toMatch(/^wom_et_[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({ wanId, name: 'branches', maxUses: 5, useCount: 0, state: 'active', peerType: 'generic-router', tokenPrefix: created.token.slice(0, 11) });
    const [row] = await t.database.manager.query('SELECT * FROM enrollment_token WHERE id = $1', [created.id]);
    expect(row.token_hash).toBe(hashEnrollmentSecret(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token);
    const listed = (await api().get(`/api/enrollment-tokens?wanId=${wanId}`).expect(200)).body;
    const mine = listed.items.find((item: { id: string }) => item.id === created.id);
    expect(mine).toMatchObject({ id: created.id, state: 'active' });
    expect(mine.token).toBeUndefined();
    expect(JSON.stringify(listed)).not.toContain(created.token);
    expect(mine.installCommand).toBeUndefined();
  });

  it('answers the exact install command with PUBLIC_URL, once', async () => {
    const created = await newToken();
    expect(created.installCommand).toBe(`curl -fsSL ${PUBLIC_URL}/install/agent.sh | sudo sh -s -- --token ${created.token}`);
    expect(created.installCommand).toBe(installCommand(PUBLIC_URL, created.token));
    expect(created).toMatchObject({ subnets: [], templateId: null });
  });

  it('enrolls: creates the peer with an automatic tunnel IP and returns credentials, subjects and revision', async () => {
    const token = await newToken({ nameTemplate: 'site-{hostname}', tags: ['edge'] });
    const keys = newAgentKeys();
    const res = await api().post('/api/agents/enroll').send(enrollBody(token.token, keys)).expect(201);
    const id = res.body.agentId;
    expect(res.body).toMatchObject({
      peerName: 'site-branch-7',
      wanId,
      natsUrls: [nats.url],
      inboxPrefix: `_INBOX.${id}`,
      subjects: { desired: `wom.agent.${id}.desired`, notify: `wom.agent.${id}.notify`, reportStatus: `wom.agent.${id}.report.status` },
      pendingApproval: false,
    });
    expect(res.body.initialRevision).toMatch(/^\d+$/);
    const peer = (await api().get(`/api/peers/${res.body.peerId}`).expect(200)).body;
    expect(peer).toMatchObject({ name: 'site-branch-7', publicKey: keys.wireguard.publicKey, deploymentMode: 'agent', tags: ['edge'], hasPrivateKey: false });
    expect(peer.tunnelIp).toMatch(/^10\./);
    expect((await api().get('/api/enrollment-tokens').expect(200)).body.items.find((x: { id: string }) => x.id === token.id)).toMatchObject({ useCount: 1, state: 'used' });
    const agent = (await api().get(`/api/agents/${id}`).expect(200)).body;
    expect(agent).toMatchObject({ id, peerId: res.body.peerId, status: 'active', hostname: 'branch-7', version: null, natsPublicKey: keys.nats.publicKey });
  });

  it.each([
    ['used', 410, 'ENROLLMENT.TOKEN_USED', async (_id: string, secret: string) => {
      await api().post('/api/agents/enroll').send(enrollBody(secret)).expect(201);
    }],
    ['expired', 410, 'ENROLLMENT.TOKEN_EXPIRED', async (id: string) => {
      await t.database.manager.query(`UPDATE enrollment_token SET expires_at = now() - interval '1 second' WHERE id = $1`, [id]);
    }],
    ['revoked', 410, 'ENROLLMENT.TOKEN_REVOKED', async (id: string) => {
      await api().delete(`/api/enrollment-tokens/${id}`).expect(200);
    }],
  ])('refuses a %s token with %i %s and creates nothing', async (_what, status, code, spoil) => {
    const token = await newToken();
    await spoil(token.id, token.token);
    const [peers, agents] = [await count('peer'), await count('agent')];
    const res = await api().post('/api/agents/enroll').send(enrollBody(token.token)).expect(status);
    expect(res.body).toMatchObject({ code, fields: [{ field: 'token' }] });
    expect([await count('peer'), await count('agent')]).toEqual([peers, agents]);
  });

  it('refuses an unknown token with 401 and creates nothing', async () => {
    const [peers, agents] = [await count('peer'), await count('agent')];
    const res = await api().post('/api/agents/enroll').send(enrollBody('wom_et_not-a-real-token')).expect(401);
    expect(res.body.code).toBe('ENROLLMENT.TOKEN_INVALID');
    expect([await count('peer'), await count('agent')]).toEqual([peers, agents]);
  });

  it('lets exactly one of many concurrent enrollments use a single-use token', async () => {
    const token = await newToken({ nameTemplate: 'race-{n}' });
    const [peers, agents] = [await count('peer'), await count('agent')];
    const results = await Promise.all(Array.from({ length: 6 }, () => api().post('/api/agents/enroll').send(enrollBody(token.token))));
    expect(results.map((r) => r.status).sort()).toEqual([201, 410, 410, 410, 410, 410]);
    expect([await count('peer'), await count('agent')]).toEqual([peers + 1, agents + 1]);
  });

  it('honours a reusable token up to its maximum and names peers from the template', async () => {
    const token = await newToken({ maxUses: 2, nameTemplate: 'multi-{hostname}' });
    const first = await enroll(t.http, token.token, undefined, 'box');
    const second = await enroll(t.http, token.token, undefined, 'box');
    expect([first.enrollment.peerName, second.enrollment.peerName]).toEqual(['multi-box', 'multi-box-2']);
    expect(first.enrollment.peerId).not.toBe(second.enrollment.peerId);
    expect((await api().post('/api/agents/enroll').send(enrollBody(token.token)).expect(410)).body.code).toBe('ENROLLMENT.TOKEN_USED');
  });

  it('refuses a NATS key or WireGuard key that is already in use, and gives the use back', async () => {
    const token = await newToken({ maxUses: 3 });
    const keys = newAgentKeys();
    await api().post('/api/agents/enroll').send(enrollBody(token.token, keys)).expect(201);
    const again = await api().post('/api/agents/enroll').send(enrollBody(token.token, { ...newAgentKeys(), nats: keys.nats })).expect(409);
    expect(again.body).toMatchObject({ code: 'ENROLLMENT.KEY_IN_USE', fields: [{ field: 'natsPublicKey' }] });
    const wg = await api().post('/api/agents/enroll').send(enrollBody(token.token, { ...newAgentKeys(), wireguard: keys.wireguard })).expect(409);
    expect(wg.body.fields).toEqual([expect.objectContaining({ field: 'wireguardPublicKey' })]);
    expect((await api().get('/api/enrollment-tokens').expect(200)).body.items.find((x: { id: string }) => x.id === token.id).useCount).toBe(1);
  });

  it('binds to a pre-created peer and keeps its tunnel IP', async () => {
    const peer = (await api().post(`/api/wan/${wanId}/peers`).send({ name: 'precreated', type: 'server', tunnelIp: '10.0.0.200' }).expect(201)).body;
    const token = await newToken({ peerId: peer.id });
    expect(token.peerType).toBe('server');
    const keys = newAgentKeys();
    const agent = await enroll(t.http, token.token, keys);
    expect(agent.enrollment).toMatchObject({ peerId: peer.id, peerName: 'precreated' });
    expect((await api().get(`/api/peers/${peer.id}`).expect(200)).body).toMatchObject({ tunnelIp: '10.0.0.200', publicKey: keys.wireguard.publicKey, deploymentMode: 'agent' });
    const other = await api().post('/api/enrollment-tokens').send({ wanId, peerId: peer.id }).expect(409);
    expect(other.body).toMatchObject({ code: 'AGENT.INVALID_STATE', agentId: agent.enrollment.agentId });
    expect(other.body.message).toContain(`/api/agents/${agent.enrollment.agentId}/revoke`);
  });

  it('binds a token made for a pre-created agent-mode peer, creates no peer, and refuses a second token until the agent is revoked', async () => {
    const peer = (await api().post(`/api/wan/${wanId}/peers`).send({ name: 'agent-mode', type: 'generic-router', deploymentMode: 'agent', subnets: [{ cidr: '192.168.140.0/24' }] }).expect(201)).body;
    expect(peer).toMatchObject({ deploymentMode: 'agent', publicKey: null });
    const token = await newToken({ peerId: peer.id, expiresInSeconds: 3600 });
    // Made before the first enrollment: enrollment itself must still refuse it.
    const spare = await newToken({ peerId: peer.id });
    expect(token).toMatchObject({ peerId: peer.id, peerType: 'generic-router', maxUses: 1, subnets: [], templateId: null });
    expect(token.installCommand).toBe(installCommand(PUBLIC_URL, token.token));
    const peers = await count('peer');
    const keys = newAgentKeys();
    const agent = await enroll(t.http, token.token, keys, 'gw-7');
    expect(agent.enrollment).toMatchObject({ peerId: peer.id, peerName: 'agent-mode' });
    expect(await count('peer')).toBe(peers);
    expect((await api().get(`/api/peers/${peer.id}`).expect(200)).body).toMatchObject({ tunnelIp: peer.tunnelIp, publicKey: keys.wireguard.publicKey, subnets: [expect.objectContaining({ cidr: '192.168.140.0/24' })] });
    const listed = (await api().get(`/api/agents?wanId=${wanId}&limit=500`).expect(200)).body.items.filter((a: { peerId: string }) => a.peerId === peer.id);
    expect(listed).toEqual([expect.objectContaining({ id: agent.enrollment.agentId, status: 'active', hostname: 'gw-7' })]);
    expect((await api().post('/api/agents/enroll').send(enrollBody(spare.token)).expect(409)).body.code).toBe('AGENT.INVALID_STATE');

    const tokens = await count('enrollment_token');
    expect((await api().post('/api/enrollment-tokens').send({ wanId, peerId: peer.id }).expect(409)).body.code).toBe('AGENT.INVALID_STATE');
    expect(await count('enrollment_token')).toBe(tokens);
    await api().post(`/api/agents/${agent.enrollment.agentId}/revoke`).expect(200);
    const again = await newToken({ peerId: peer.id });
    expect((await enroll(t.http, again.token)).enrollment.peerId).toBe(peer.id);
  });

  it('creates the peer from a template token with its subnets and template', async () => {
    const token = await newToken({ nameTemplate: 'office-{hostname}', tags: ['office'], templateId: 'site-router', subnets: [{ cidr: '192.168.150.0/24', description: 'Office LAN' }, { cidr: '192.168.151.0/24', isRouted: false }] });
    expect(token).toMatchObject({
      peerType: 'generic-router',
      templateId: 'site-router',
      subnets: [{ cidr: '192.168.150.0/24', description: 'Office LAN' }, { cidr: '192.168.151.0/24', isRouted: false }],
      peerId: null,
    });
    const peers = await count('peer');
    const agent = await enroll(t.http, token.token, undefined, 'lyon');
    expect(await count('peer')).toBe(peers + 1);
    const peer = (await api().get(`/api/peers/${agent.enrollment.peerId}`).expect(200)).body;
    expect(peer).toMatchObject({ name: 'office-lyon', type: 'generic-router', deploymentMode: 'agent', tags: ['office'], persistentKeepalive: 25 });
    // site-router routes local subnets by default; an explicit isRouted wins. The API does not order subnets.
    const subnets = peer.subnets.map(({ cidr, isRouted, description }: { cidr: string; isRouted: boolean; description: string }) => ({ cidr, isRouted, description }));
    expect(subnets.sort((a: { cidr: string }, b: { cidr: string }) => a.cidr.localeCompare(b.cidr))).toEqual([
      { cidr: '192.168.150.0/24', isRouted: true, description: 'Office LAN' },
      { cidr: '192.168.151.0/24', isRouted: false, description: '' },
    ]);
    const [row] = await t.database.manager.query('SELECT metadata FROM peer WHERE id = $1', [peer.id]);
    expect(row.metadata).toMatchObject({ templateId: 'site-router' });
  });

  it('takes a custom template by id, and an explicit peer type wins over the template', async () => {
    const template = (await api().post('/api/templates').send({ name: 'enroll custom', peerType: 'client', body: '[Interface]\nPrivateKey = {{PRIVATE_KEY}}\nAddress = {{TUNNEL_IP}}/32\n\n{{PEERS}}\n' }).expect(201)).body;
    expect((await newToken({ templateId: template.id })).peerType).toBe('client');
    const token = await newToken({ templateId: template.id, peerType: 'server' });
    expect(token).toMatchObject({ templateId: template.id, peerType: 'server' });
    const agent = await enroll(t.http, token.token, undefined, 'custom-box');
    expect((await api().get(`/api/peers/${agent.enrollment.peerId}`).expect(200)).body.type).toBe('server');
  });

  let badInputs = 0;
  it.each([
    ['subnets on a reusable token', () => ({ maxUses: 2, subnets: [{ cidr: '192.168.160.0/24' }] }), 400, 'subnets'],
    ['subnets with peerId', (peerId: string) => ({ peerId, subnets: [{ cidr: '192.168.160.0/24' }] }), 400, 'subnets'],
    ['an unknown templateId', () => ({ templateId: 'no-such-template' }), 404, 'templateId'],
    ['an unknown custom template', () => ({ templateId: '00000000-0000-4000-8000-000000000000' }), 404, 'templateId'],
    ['templateId with peerId', (peerId: string) => ({ peerId, templateId: 'site-router' }), 400, 'templateId'],
    ['a subnet that is not a CIDR', () => ({ subnets: [{ cidr: '192.168.160.0/33' }] }), 400, 'subnets[0].cidr'],
    ['a subnet with an unknown field', () => ({ subnets: [{ cidr: '192.168.160.0/24', gateway: '192.168.160.1' }] }), 400, 'subnets[0].gateway'],
    ['a subnet inside the tunnel range', () => ({ subnets: [{ cidr: '192.168.160.0/24' }, { cidr: '10.0.0.0/28' }] }), 409, 'subnets[1].cidr'],
    ['a templateId that is not a string', () => ({ templateId: 7 }), 400, 'templateId'],
  ])('refuses a token with %s, naming the field, and stores nothing', async (_what, body, status, field) => {
    const peerId = (await api().post(`/api/wan/${wanId}/peers`).send({ name: `bad-input-${++badInputs}`, type: 'server', deploymentMode: 'agent' }).expect(201)).body.id;
    const tokens = await count('enrollment_token');
    const res = await api().post('/api/enrollment-tokens').send({ wanId, ...body(peerId) }).expect(status);
    expect(res.body.fields).toEqual([expect.objectContaining({ field })]);
    expect(await count('enrollment_token')).toBe(tokens);
  });

  it('holds back desired state until a pending agent is approved', async () => {
    const token = await newToken({ requiresApproval: true });
    const agent = await enroll(t.http, token.token);
    expect(agent.enrollment.pendingApproval).toBe(true);
    const connection = await connectAgent(agent);
    try {
      const before = await requestDesired(connection, agent);
      expect(before.state).toBeUndefined();
      expect(before.issues.map((issue) => issue.code)).toEqual(['AGENT.PENDING_APPROVAL']);
      const notices = connection.subscribe(agent.enrollment.subjects!.notify, { max: 1 });
      await connection.flush();
      expect((await api().post(`/api/agents/${agent.enrollment.agentId}/approve`).expect(200)).body.status).toBe('active');
      for await (const notice of notices) expect(notice.subject).toBe(agent.enrollment.subjects!.notify);
      expect((await requestDesired(connection, agent)).state?.peerId).toBe(agent.enrollment.peerId);
      expect((await api().post(`/api/agents/${agent.enrollment.agentId}/revoke`).expect(200)).body.status).toBe('revoked');
      expect((await api().post(`/api/agents/${agent.enrollment.agentId}/approve`).expect(409)).body.code).toBe('AGENT.INVALID_STATE');
    } finally {
      await connection.close().catch(() => undefined);
    }
  });

  it('lists agents by WAN with status and revisions', async () => {
    const listed = (await api().get(`/api/agents?wanId=${wanId}&limit=100`).expect(200)).body;
    expect(listed.total).toBeGreaterThanOrEqual(5);
    expect(listed.items[0]).toEqual(
      expect.objectContaining({ status: expect.any(String), desiredRevision: expect.any(Number), appliedRevision: expect.any(Number), online: expect.any(Boolean), wanId }),
    );
    expect((await api().get('/api/agents/00000000-0000-4000-8000-000000000000').expect(404)).body.code).toBe('AGENT.NOT_FOUND');
  });

  it.each([
    ['a hostile hostname', { hostname: 'box;rm -rf /' }, 'hostname'],
    ['a hostname with a newline', { hostname: 'box\nevil' }, 'hostname'],
    ['a bad WireGuard key', { wireguardPublicKey: 'not-a-key' }, 'wireguardPublicKey'],
    ['an account key instead of a user key', { natsPublicKey: `A${'B'.repeat(55)}` }, 'natsPublicKey'],
    ['an unknown field', { admin: true }, 'admin'],
  ])('refuses %s with 400 naming the field', async (_what, patch, field) => {
    const token = await newToken();
    const res = await api().post('/api/agents/enroll').send({ ...enrollBody(token.token), ...patch }).expect(400);
    expect(res.body.fields).toEqual([expect.objectContaining({ field })]);
  });

  it.each([
    ['a name template with script characters', { nameTemplate: '<b>{hostname}' }, 'nameTemplate'],
    ['zero uses', { maxUses: 0 }, 'maxUses'],
    ['a lifetime over a year', { expiresInSeconds: 400 * 86_400 }, 'expiresInSeconds'],
    ['an unknown peer type', { peerType: 'toaster' }, 'peerType'],
  ])('refuses a token with %s', async (_what, patch, field) => {
    const res = await api().post('/api/enrollment-tokens').send({ wanId, ...patch }).expect(400);
    expect(res.body.fields).toEqual([expect.objectContaining({ field })]);
  });

  it('refuses a token for a missing WAN or a peer of another WAN', async () => {
    expect((await api().post('/api/enrollment-tokens').send({ wanId: '00000000-0000-4000-8000-000000000000' }).expect(404)).body.code).toBe('WAN.NOT_FOUND');
    const otherWan = (await api().post('/api/wan').send({ name: 'other', tunnelIpRange: '10.9.0.0/24', sharedServicesRange: '10.9.5.0/24' }).expect(201)).body.id;
    const foreign = (await api().post(`/api/wan/${otherWan}/peers`).send({ name: 'x', type: 'server' }).expect(201)).body.id;
    expect((await api().post('/api/enrollment-tokens').send({ wanId, peerId: foreign }).expect(400)).body.fields).toEqual([expect.objectContaining({ field: 'peerId' })]);
  });
});
