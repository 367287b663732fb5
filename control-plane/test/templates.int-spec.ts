import request from 'supertest';
import { startTestApp, type TestApp } from './harness/test-app';

const BODY = '# {{WAN_NAME}}: {{PEER_NAME}}\n[Interface]\nPrivateKey = {{PRIVATE_KEY}}\nAddress = {{TUNNEL_IP}}/32\n\n{{PEERS}}\n';

describe('Templates API (real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ WOM_MASTER_KEY: 'c'.repeat(64) });
  });
  afterAll(() => t.close());
  const api = () => request(t.http);

  it('lists the built-in templates and reads one', async () => {
    const list = (await api().get('/api/templates').expect(200)).body;
    expect(list.map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining(['simple-client']));
    expect(list.every((x: { builtIn: boolean }) => x.builtIn)).toBe(true);
    const one = (await api().get('/api/templates/simple-client').expect(200)).body;
    expect(one).toMatchObject({ peerType: 'client', defaults: { persistentKeepalive: 25 }, variables: expect.arrayContaining(['PEERS']) });
    expect((await api().get('/api/templates/nope').expect(404)).body.code).toBe('TEMPLATE.NOT_FOUND');
  });

  it('refuses an unknown variable with a 400 naming it', async () => {
    const res = await api().post('/api/templates').send({ name: 'typo', peerType: 'client', body: 'Address = {{TUNEL_IP}}/32\n' }).expect(400);
    expect(res.body).toMatchObject({ code: 'TEMPLATE.UNKNOWN_VARIABLE', variable: 'TUNEL_IP', fields: [{ field: 'body' }] });
    expect(res.body.message).toContain('TUNEL_IP');
  });

  it('creates, changes and deletes a custom template; built-ins are read-only', async () => {
    const created = (await api().post('/api/templates').send({ name: 'branch laptop', peerType: 'client', body: BODY }).expect(201)).body;
    expect(created).toMatchObject({ builtIn: false, peerType: 'client', defaults: { persistentKeepalive: 25 } });
    expect((await api().get('/api/templates').expect(200)).body.some((x: { id: string }) => x.id === created.id)).toBe(true);
    expect((await api().post('/api/templates').send({ name: 'Branch Laptop', peerType: 'client', body: BODY }).expect(409)).body.code).toBe('TEMPLATE.NAME_TAKEN');
    const changed = (await api().put(`/api/templates/${created.id}`).send({ description: 'staff' }).expect(200)).body;
    expect(changed).toMatchObject({ description: 'staff', name: 'branch laptop' });
    expect((await api().put('/api/templates/simple-client').send({ description: 'x' }).expect(409)).body.code).toBe('TEMPLATE.READ_ONLY');
    expect((await api().delete('/api/templates/hub-node').expect(409)).body.code).toBe('TEMPLATE.READ_ONLY');
    await api().delete(`/api/templates/${created.id}`).expect(204);
    await api().get(`/api/templates/${created.id}`).expect(404);
  });

  it('creates a peer from a template: defaults fill the gaps, explicit fields win', async () => {
    const wanId = (await api().post('/api/wan').send({ name: 'templated' }).expect(201)).body.id;
    const hubTemplate = (await api().get('/api/templates').expect(200)).body.find((x: { peerType: string }) => x.peerType === 'hub');
    const client = (await api().post(`/api/wan/${wanId}/peers`).send({ name: 'phone', templateId: 'simple-client' }).expect(201)).body;
    expect(client).toMatchObject({ type: 'client', persistentKeepalive: 25, listenPort: null, hasPrivateKey: true });
    const hub = (await api().post(`/api/wan/${wanId}/peers`).send({ name: 'hub', templateId: hubTemplate.id, listenPort: 51999 }).expect(201)).body;
    expect(hub).toMatchObject({ type: 'hub', listenPort: 51999 });
    const missing = await api().post(`/api/wan/${wanId}/peers`).send({ name: 'x', templateId: 'no-such-template' }).expect(404);
    expect(missing.body).toMatchObject({ code: 'TEMPLATE.NOT_FOUND', fields: [{ field: 'templateId' }] });
    expect((await api().post(`/api/wan/${wanId}/peers`).send({ name: 'y' }).expect(400)).body.fields[0].field).toBe('type');
    expect((await api().put(`/api/peers/${client.id}`).send({ templateId: 'simple-client' }).expect(400)).body.code).toBe('VALIDATION.FAILED');
  });
});
