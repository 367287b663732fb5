import request from 'supertest';
import { startTestApp, type TestApp } from './harness/test-app';

interface Subnet { id: string; cidr: string; isRouted: boolean; natEnabled: boolean; natTranslatedCidr: string | null }

describe('Conflicts API (real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const api = () => request(t.http);
  let wanCount = 0;
  const newWan = async () => (await api().post('/api/wan').send({ name: `c${++wanCount}` }).expect(201)).body.id as string;
  const addPeer = async (wanId: string, name: string, subnets: object[]) =>
    (await api().post(`/api/wan/${wanId}/peers`).send({ name, type: 'generic-router', subnets }).expect(201)).body as { id: string; subnets: Subnet[] };
  const open = async (wanId: string) => (await api().get(`/api/wan/${wanId}/conflicts`).expect(200)).body as { id: string; kinds: string[]; parties: { subnetId: string }[] }[];
  const subnetsOf = async (peerId: string) => ((await api().get(`/api/peers/${peerId}`).expect(200)).body.subnets as Subnet[]);

  /** Two peers both routing 192.168.1.0/24 (or `bCidr` on B): one stored routing conflict. */
  async function conflicted(bCidr = '192.168.1.0/24', aCidr = '192.168.1.0/24') {
    const wanId = await newWan();
    const a = await addPeer(wanId, 'a', [{ cidr: aCidr }]);
    const b = await addPeer(wanId, 'b', [{ cidr: bCidr }]);
    const [conflict] = await open(wanId);
    return { wanId, a, b, conflict: conflict! };
  }

  it('blocks a critical conflict on create with the resolutions listed', async () => {
    const wanId = await newWan();
    const res = await api().post(`/api/wan/${wanId}/peers`).send({ name: 'bad', type: 'server', subnets: [{ cidr: '10.0.5.0/25' }] }).expect(409);
    expect(res.body).toMatchObject({ code: 'PEER.SUBNET_CONFLICT', conflicts: [{ severity: 'critical', resolutions: ['change-network'] }] });
  });

  it('assigns a free 172.16/12 translation when a request asks for NAT without one', async () => {
    const wanId = await newWan();
    await addPeer(wanId, 'x', [{ cidr: '172.16.0.0/24' }, { cidr: '192.168.9.0/24', natEnabled: true, natTranslatedCidr: '172.16.1.0/24' }]);
    const y = await addPeer(wanId, 'y', [{ cidr: '192.168.9.0/24', natEnabled: true }]);
    expect(y.subnets[0]).toMatchObject({ natEnabled: true, natTranslatedCidr: '172.16.2.0/24' });
  });

  it('stores and lists a routing conflict, and checks a peer without storing', async () => {
    const { wanId, a, b, conflict } = await conflicted();
    expect(conflict).toMatchObject({ severity: 'routing', status: 'open', kinds: ['ambiguous-route', 'shadowed-route'], overlap: '192.168.1.0/24', resolutions: ['isolate', 'nat-translate', 'change-network', 'selective-routing'] });
    expect(conflict.parties.map((p) => p.subnetId).sort()).toEqual([a.subnets[0]!.id, b.subnets[0]!.id].sort());
    const rows = Number((await t.database.manager.query('SELECT count(*) AS n FROM subnet_conflict'))[0].n);
    const stored = await api().post(`/api/peers/${b.id}/check-conflicts`).send({}).expect(200);
    expect(stored.body.conflicts).toEqual([expect.objectContaining({ severity: 'routing', conflictKey: expect.stringMatching(/^routing:/) })]);
    const proposed = await api().post(`/api/peers/${b.id}/check-conflicts`).send({ subnets: [{ cidr: '192.168.2.0/24' }, { cidr: '10.0.0.0/25' }] }).expect(200);
    expect(proposed.body.conflicts.map((c: { severity: string }) => c.severity)).toEqual(['critical']);
    expect(Number((await t.database.manager.query('SELECT count(*) AS n FROM subnet_conflict'))[0].n)).toBe(rows);
    expect(await open(wanId)).toHaveLength(1);
  });

  it('drops the stored conflict when a peer changes its subnets or is deleted', async () => {
    const { wanId, b } = await conflicted();
    await api().put(`/api/peers/${b.id}`).send({ subnets: [{ cidr: '192.168.3.0/24' }] }).expect(200);
    expect(await open(wanId)).toHaveLength(0);
    await api().put(`/api/peers/${b.id}`).send({ subnets: [{ cidr: '192.168.1.0/24' }] }).expect(200);
    expect(await open(wanId)).toHaveLength(1);
    await api().delete(`/api/peers/${b.id}`).expect(204);
    expect(await open(wanId)).toHaveLength(0);
  });

  it('isolate stops routing the chosen subnet and closes the conflict', async () => {
    const { wanId, b, conflict } = await conflicted();
    const res = await api().post(`/api/conflicts/${conflict.id}/resolve`).send({ resolution: 'isolate', subnetId: b.subnets[0]!.id }).expect(200);
    expect(res.body).toMatchObject({ conflictId: conflict.id, resolution: 'isolate', residualAccepted: true, openConflicts: 0 });
    expect((await subnetsOf(b.id))[0]).toMatchObject({ isRouted: false });
    expect(await open(wanId)).toEqual([]);
    const resolved = (await api().get(`/api/wan/${wanId}/conflicts?status=resolved`).expect(200)).body;
    expect(resolved).toEqual([expect.objectContaining({ id: conflict.id, status: 'resolved', resolution: 'isolate', kinds: ['shadowed-route'] })]);
    expect((await api().post(`/api/conflicts/${conflict.id}/resolve`).send({ resolution: 'isolate' }).expect(404)).body.code).toBe('CONFLICT.NOT_FOUND');
    const outbox = await t.database.manager.query(`SELECT peer_ids FROM state_change WHERE wan_id = $1 AND reason = 'conflict.resolved'`, [wanId]);
    expect(outbox).toHaveLength(1);
  });

  it('keeps an accepted conflict closed through unrelated changes; a new overlap opens a new one', async () => {
    const { wanId, b, conflict } = await conflicted();
    await api().post(`/api/conflicts/${conflict.id}/resolve`).send({ resolution: 'isolate', subnetId: b.subnets[0]!.id }).expect(200);
    await api().put(`/api/peers/${b.id}`).send({ name: 'b2' }).expect(200);
    expect(await open(wanId)).toEqual([]);
    // Routing it again (same subnet id is gone: subnets are replaced) brings a fresh conflict.
    await api().put(`/api/peers/${b.id}`).send({ subnets: [{ cidr: '192.168.1.0/24' }] }).expect(200);
    expect(await open(wanId)).toHaveLength(1);
  });

  it('nat-translate assigns a translation not in use and closes the conflict', async () => {
    const { wanId, b, conflict } = await conflicted();
    await addPeer(wanId, 'c', [{ cidr: '172.16.0.0/24' }]);
    await api().post(`/api/conflicts/${conflict.id}/resolve`).send({ resolution: 'nat-translate', subnetId: b.subnets[0]!.id }).expect(200);
    expect((await subnetsOf(b.id))[0]).toMatchObject({ natEnabled: true, isRouted: true, natTranslatedCidr: '172.16.1.0/24' });
    expect(await open(wanId)).toEqual([]);
  });

  it('change-network renumbers the subnet after re-checking it', async () => {
    const { wanId, b, conflict } = await conflicted();
    const still = await api().post(`/api/conflicts/${conflict.id}/resolve`).send({ resolution: 'change-network', newCidr: '192.168.1.128/25' }).expect(409);
    expect(still.body).toMatchObject({ code: 'CONFLICT.RESOLUTION_CONFLICTS', fields: [{ field: 'newCidr' }] });
    expect((await api().post(`/api/conflicts/${conflict.id}/resolve`).send({ resolution: 'change-network', newCidr: '10.0.0.0/25' }).expect(409)).body.code).toBe('PEER.SUBNET_CONFLICT');
    expect((await api().post(`/api/conflicts/${conflict.id}/resolve`).send({ resolution: 'change-network' }).expect(400)).body.code).toBe('CONFLICT.INVALID_RESOLUTION');
    expect((await subnetsOf(b.id))[0]!.cidr).toBe('192.168.1.0/24');
    // No subnetId: the newer subnet (b's) is the one renumbered.
    const res = await api().post(`/api/conflicts/${conflict.id}/resolve`).send({ resolution: 'change-network', newCidr: '192.168.50.0/24' }).expect(200);
    expect(res.body).toMatchObject({ residualAccepted: false, subnets: [expect.objectContaining({ cidr: '192.168.50.0/24' })] });
    expect((await subnetsOf(b.id))[0]!.cidr).toBe('192.168.50.0/24');
    expect((await api().get(`/api/wan/${wanId}/conflicts?status=all`).expect(200)).body).toEqual([]);
  });

  it('selective-routing routes only the allowed parts as their own subnets', async () => {
    const { wanId, b, conflict } = await conflicted('192.168.1.0/24', '192.168.1.0/25');
    const target = b.subnets[0]!.id;
    expect((await api().post(`/api/conflicts/${conflict.id}/resolve`).send({ resolution: 'selective-routing', subnetId: target, allowedCidrs: ['192.168.2.0/25'] }).expect(400)).body.code).toBe('CONFLICT.INVALID_RESOLUTION');
    expect((await api().post(`/api/conflicts/${conflict.id}/resolve`).send({ resolution: 'selective-routing', subnetId: target, allowedCidrs: ['192.168.1.0/26'] }).expect(409)).body.code).toBe('CONFLICT.RESOLUTION_CONFLICTS');
    await api().post(`/api/conflicts/${conflict.id}/resolve`).send({ resolution: 'selective-routing', subnetId: target, allowedCidrs: ['192.168.1.128/25'] }).expect(200);
    const subnets = await subnetsOf(b.id);
    expect(subnets.map(({ cidr, isRouted }) => ({ cidr, isRouted }))).toEqual([{ cidr: '192.168.1.0/24', isRouted: false }, { cidr: '192.168.1.128/25', isRouted: true }]);
    expect(await open(wanId)).toEqual([]);
  });

  it('validates resolve requests', async () => {
    const { conflict } = await conflicted();
    const bad = [
      { resolution: 'reboot' },
      { resolution: 'isolate', subnetId: '00000000-0000-4000-8000-000000000000' },
      { resolution: 'isolate', newCidr: '192.168.5.0/24' },
      { resolution: 'selective-routing', allowedCidrs: [] },
      { resolution: 'change-network', newCidr: '192.168.5.1/24' },
    ];
    for (const body of bad) expect((await api().post(`/api/conflicts/${conflict.id}/resolve`).send(body)).status).toBe(400);
    expect((await api().post('/api/conflicts/00000000-0000-4000-8000-000000000000/resolve').send({ resolution: 'isolate' }).expect(404)).body.code).toBe('CONFLICT.NOT_FOUND');
  });
});
