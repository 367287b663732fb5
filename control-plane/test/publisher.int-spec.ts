import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { DesiredStateNoticeSchema, desiredStateFromWire, StatusReportSchema } from '@wom/contracts';
import { Database } from '../src/database/database';
import { requestDesired } from './harness/simulated-agent';
import { TwoAgentMesh } from './harness/two-agent-mesh';

/** Notices an agent received, in order; `next` waits for the next one or gives null after `ms`. */
class NoticeQueue {
  private readonly received: bigint[] = [];
  private waiter: ((revision: bigint) => void) | null = null;

  push(data: Uint8Array): void {
    const revision = fromBinary(DesiredStateNoticeSchema, data).revision;
    if (this.waiter) this.waiter(revision);
    else this.received.push(revision);
  }

  async next(ms: number): Promise<bigint | null> {
    const queued = this.received.shift();
    if (queued !== undefined) return queued;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await new Promise<bigint | null>((resolve) => {
        this.waiter = resolve;
        timer = setTimeout(() => resolve(null), ms);
      });
    } finally {
      this.waiter = null;
      clearTimeout(timer);
    }
  }
}

describe('desired-state publisher (real PostgreSQL and nats-server)', () => {
  let rig: TwoAgentMesh;
  let otherPeerId: string;
  const notices = new NoticeQueue();
  const api = () => rig.api();
  const revisionOf = async (peerId: string) => Number((await api().get(`/api/peers/${peerId}`).expect(200)).body.desiredRevision);
  const until = async (check: () => Promise<boolean>, ms = 5_000) => {
    for (const started = Date.now(); Date.now() - started < ms; await new Promise((r) => setTimeout(r, 50))) if (await check()) return true;
    return false;
  };

  beforeAll(async () => {
    rig = await TwoAgentMesh.start('pub', (data) => notices.push(data), async (r) => {
      const otherWan = (await r.api().post('/api/wan').send({ name: 'quiet', topologyType: 'mesh', tunnelIpRange: '10.9.0.0/24', sharedServicesRange: '10.9.5.0/24' }).expect(201)).body.id;
      otherPeerId = (await r.api().post(`/api/wan/${otherWan}/peers`).send({ name: 'bystander', type: 'server', publicKey: 'xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=' }).expect(201)).body.id;
    });
  }, 60_000);

  afterAll(() => rig?.close());

  // How fast is measured by the benchmarks; here only that it happens, with deadlines a loaded machine meets.
  it('gives new peers a first revision once they are created', async () => {
    expect(await until(async () => (await revisionOf(rig.a.enrollment.peerId)) > 0 && (await revisionOf(rig.b.enrollment.peerId)) > 0, 30_000)).toBe(true);
    expect(await revisionOf(otherPeerId)).toBeGreaterThan(0);
  }, 90_000);

  it('notifies an affected agent of a published service, with the new state in the snapshot', async () => {
    // Drain the enrollment changes' notices until a second passes without one.
    for (let drained = 0; drained < 50 && (await notices.next(1_000)) !== null; drained++);
    const before = (await requestDesired(rig.connection, rig.a)).revision;
    const otherBefore = await revisionOf(otherPeerId);
    const service = (await api().post(`/api/peers/${rig.b.enrollment.peerId}/services`).send({ name: 'web', localIp: '192.168.7.10', localPort: 8080, sharedPort: 80, protocol: 'tcp' }).expect(201)).body;
    const revision = await notices.next(30_000);
    expect(revision).not.toBeNull();
    expect(revision!).toBeGreaterThan(before);
    const snapshot = await requestDesired(rig.connection, rig.a);
    expect(snapshot.revision).toBe(revision);
    const state = desiredStateFromWire(snapshot.state!);
    const entryForB = state.peers.find((peer) => peer.peerId === rig.b.enrollment.peerId);
    expect(entryForB?.allowedIps).toContain(`${service.sharedIp}/32`);
    expect(await revisionOf(otherPeerId)).toBe(otherBefore);
  }, 90_000);

  it('gives no new revision when a change leaves the compiled state as it was', async () => {
    const before = await revisionOf(rig.a.enrollment.peerId);
    await api().put(`/api/peers/${rig.b.enrollment.peerId}`).send({ tags: ['renamed-tag'] }).expect(200);
    expect(await notices.next(1_500)).toBeNull();
    expect(await revisionOf(rig.a.enrollment.peerId)).toBe(before);
  });

  it('keeps reports published while the control plane is down, and keeps revisions growing across its restart', async () => {
    const before = await revisionOf(rig.a.enrollment.peerId);
    await rig.app.close();
    const report = create(StatusReportSchema, { agentId: rig.a.enrollment.agentId, agentVersion: '9.9.9', appliedRevision: BigInt(before), interfaceName: 'wg-test0' });
    // As an agent publishes it: a plain message the stream keeps without acknowledging it (no_ack).
    rig.connection.publish(rig.a.enrollment.subjects!.reportStatus, toBinary(StatusReportSchema, report));
    await rig.connection.flush();

    await rig.startControlPlane();
    expect(
      await until(async () => {
        const agent = (await api().get(`/api/agents/${rig.a.enrollment.agentId}`).expect(200)).body;
        return agent.version === '9.9.9' && agent.online === true && agent.appliedRevision === before && agent.interfaceName === 'wg-test0';
      }),
    ).toBe(true);

    await api().post(`/api/peers/${rig.b.enrollment.peerId}/services`).send({ name: 'ssh', localIp: '192.168.7.11', localPort: 22, protocol: 'tcp' }).expect(201);
    // The restarted control plane first announces the current revision to every agent; skip those.
    let revision = await notices.next(3_000);
    while (revision !== null && Number(revision) <= before) revision = await notices.next(3_000);
    expect(Number(revision)).toBeGreaterThan(before);
    expect((await requestDesired(rig.connection, rig.a)).revision).toBe(revision);
    const [row] = await rig.app.get(Database).manager.query('SELECT count(*)::int AS n FROM state_change WHERE processed_at IS NULL');
    expect(row.n).toBe(0);
  });
});
