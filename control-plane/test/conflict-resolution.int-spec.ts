import request from 'supertest';
import { startTestApp, type TestApp } from './harness/test-app';

interface Subnet { id: string; cidr: string; isRouted: boolean; natEnabled: boolean; natTranslatedCidr: string | null }

describe('Conflict resolution: preview and lasting resolutions (real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const api = () => request(t.http);
  let wanCount = 0;
  const newWan = async () => (await api().post('/api/wan').send({ name: `r${++wanCount}` }).expect(201)).body.id as string;
  const addPeer = async (wanId: string, name: string, subnets: object[], type = 'generic-router') =>
    (await api().post(`/api/wan/${wanId}/peers`).send({ name, type, subnets }).expect(201)).body as { id: string; subnets: Subnet[] };
  const listed = async (wanId: string, status = 'open') => (await api().get(`/api/wan/${wanId}/conflicts?status=${status}`).expect(200)).body as { id: string; status: string }[];

  async function conflicted() {
    const wanId = await newWan();
    const a = await addPeer(wanId, 'a', [{ cidr: '192.168.1.0/24' }]);
    const b = await addPeer(wanId, 'b', [{ cidr: '192.168.1.0/24' }]);
    const [conflict] = await listed(wanId);
    return { wanId, a, b, conflict: conflict! };
  }

  it.each(['isolate', 'nat-translate'])('a conflict resolved with %s stays resolved when an unrelated peer is created', async (resolution) => {
    const { wanId, b, conflict } = await conflicted();
    await api().post(`/api/conflicts/${conflict.id}/resolve`).send({ resolution, subnetId: b.subnets[0]!.id }).expect(200);
    expect(await listed(wanId)).toEqual([]);
    await addPeer(wanId, 'unrelated', [{ cidr: '10.77.0.0/24' }]);
    await addPeer(wanId, 'no-subnets', []);
    expect(await listed(wanId)).toEqual([]);
    expect(await listed(wanId, 'resolved')).toEqual([expect.objectContaining({ id: conflict.id, status: 'resolved' })]);
  });

  const subnetsOf = async (peerId: string) => (await api().get(`/api/peers/${peerId}`).expect(200)).body.subnets as Subnet[];

  it('previews the exact translation resolve then writes, and writes nothing itself', async () => {
    const wanId = await newWan();
    await addPeer(wanId, 'uses-172', [{ cidr: '172.16.2.0/24' }]);
    await addPeer(wanId, 'a', [{ cidr: '192.168.1.0/24' }]);
    // b already holds a translation: the preview must treat it as the one being replaced, as resolve does.
    const b = await addPeer(wanId, 'b', [{ cidr: '192.168.1.0/24', natEnabled: true, natTranslatedCidr: '172.16.0.0/24' }]);
    const [conflict] = await listed(wanId);
    const body = { resolution: 'nat-translate', subnetId: b.subnets[0]!.id };
    const preview = (await api().post(`/api/conflicts/${conflict!.id}/preview`).send(body).expect(200)).body;
    expect(preview).toMatchObject({ conflictId: conflict!.id, resolution: 'nat-translate', before: { id: b.subnets[0]!.id, cidr: '192.168.1.0/24' }, after: { id: b.subnets[0]!.id, natEnabled: true, isRouted: true }, added: [] });
    // Its translation stays 172.16.0.0/24 (not the 172.16.1.0/24 a count of its own translation as taken would give), so no device changes.
    expect(preview.after.natTranslatedCidr).toBe('172.16.0.0/24');
    expect(preview.affectedPeers).toEqual([]);
    expect(await subnetsOf(b.id)).toEqual(b.subnets);
    expect(await listed(wanId)).toHaveLength(1);
    const applied = (await api().post(`/api/conflicts/${conflict!.id}/resolve`).send(body).expect(200)).body;
    expect(applied.subnets[0].natTranslatedCidr).toBe(preview.after.natTranslatedCidr);
    expect((await subnetsOf(b.id))[0]!.natTranslatedCidr).toBe(preview.after.natTranslatedCidr);
    expect(applied.residualAccepted).toBe(preview.residualAccepted);
  });

  it('previews a fresh translation equal to what is applied when the side has none', async () => {
    const { wanId, b, conflict } = await conflicted();
    await addPeer(wanId, 'c', [{ cidr: '172.16.0.0/24' }]);
    const body = { resolution: 'nat-translate', subnetId: b.subnets[0]!.id };
    const preview = (await api().post(`/api/conflicts/${conflict.id}/preview`).send(body).expect(200)).body;
    expect(preview.after.natTranslatedCidr).toBe('172.16.1.0/24');
    // b now NETMAPs its LAN; the others' configuration follows the compiler (no endpoints here, so no links change).
    expect(preview.affectedPeers.map((p: { peerName: string }) => p.peerName)).toContain('b');
    const applied = (await api().post(`/api/conflicts/${conflict.id}/resolve`).send(body).expect(200)).body;
    expect(applied.subnets[0].natTranslatedCidr).toBe(preview.after.natTranslatedCidr);
  });

  it('refuses in the preview exactly what resolve refuses, naming the field', async () => {
    const { b, conflict } = await conflicted();
    const overlapping = await api().post(`/api/conflicts/${conflict.id}/preview`).send({ resolution: 'change-network', newCidr: '192.168.1.128/25' }).expect(409);
    expect(overlapping.body).toMatchObject({ code: 'CONFLICT.RESOLUTION_CONFLICTS', fields: [{ field: 'newCidr' }] });
    expect((await api().post(`/api/conflicts/${conflict.id}/preview`).send({ resolution: 'change-network' }).expect(400)).body).toMatchObject({ code: 'CONFLICT.INVALID_RESOLUTION', fields: [{ field: 'newCidr' }] });
    expect((await api().post(`/api/conflicts/${conflict.id}/preview`).send({ resolution: 'selective-routing', subnetId: b.subnets[0]!.id, allowedCidrs: ['10.9.0.0/25'] }).expect(400)).body.fields[0].field).toBe('allowedCidrs[0]');
    expect((await api().post(`/api/conflicts/${conflict.id}/preview`).send({ resolution: 'reboot' }).expect(400)).body.code).toBeDefined();
    expect((await api().post('/api/conflicts/00000000-0000-4000-8000-000000000000/preview').send({ resolution: 'isolate' }).expect(404)).body.code).toBe('CONFLICT.NOT_FOUND');
  });

  it('previews the routed parts selective routing adds, then adds exactly those', async () => {
    const { b, conflict } = await conflicted();
    const body = { resolution: 'selective-routing', subnetId: b.subnets[0]!.id, allowedCidrs: ['192.168.1.128/25'] };
    // a still routes all of 192.168.1.0/24, so a part of b inside it stays ambiguous: refused.
    expect((await api().post(`/api/conflicts/${conflict.id}/preview`).send(body).expect(409)).body.fields[0].field).toBe('allowedCidrs');
    const wanId = await newWan();
    await addPeer(wanId, 'a', [{ cidr: '192.168.1.0/25' }]);
    const b2 = await addPeer(wanId, 'b', [{ cidr: '192.168.1.0/24' }]);
    const [c2] = await listed(wanId);
    const body2 = { ...body, subnetId: b2.subnets[0]!.id };
    const preview = (await api().post(`/api/conflicts/${c2!.id}/preview`).send(body2).expect(200)).body;
    expect(preview).toMatchObject({ after: { cidr: '192.168.1.0/24', isRouted: false }, added: [{ id: null, cidr: '192.168.1.128/25', isRouted: true }] });
    const applied = (await api().post(`/api/conflicts/${c2!.id}/resolve`).send(body2).expect(200)).body;
    expect(applied.subnets.map((s: Subnet) => s.cidr)).toEqual(preview.added.map((s: Subnet) => s.cidr));
  });
});
