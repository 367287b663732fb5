import { fromBinary } from '@bufbuild/protobuf';
import { applyDesiredStateDelta, desiredStateFromWire, DesiredStateNoticeSchema, type DesiredStateNotice } from '@wom/contracts';
import type { DesiredState } from '@wom/domain';
import { DesiredStatePublisher } from '../src/publisher/desired-state.publisher';
import { requestDesired } from './harness/simulated-agent';
import { TwoAgentMesh } from './harness/two-agent-mesh';

describe('desired-state deltas (real PostgreSQL and nats-server)', () => {
  let rig: TwoAgentMesh;
  const notices: DesiredStateNotice[] = [];
  const api = () => rig.api();
  /** The next notice newer than `revision`, or null after 3 s. */
  const noticeAfter = async (revision: bigint): Promise<DesiredStateNotice | null> => {
    for (const started = Date.now(); Date.now() - started < 3_000; await new Promise((r) => setTimeout(r, 20))) {
      const found = notices.find((notice) => notice.revision > revision);
      if (found) return found;
    }
    return null;
  };
  const publishService = (name: string, localPort: number) =>
    api().post(`/api/peers/${rig.b.enrollment.peerId}/services`).send({ name, localIp: '192.168.7.10', localPort, protocol: 'tcp' }).expect(201);
  const fullState = async (): Promise<{ revision: bigint; state: DesiredState }> => {
    const snapshot = await requestDesired(rig.connection, rig.a);
    return { revision: snapshot.revision, state: desiredStateFromWire(snapshot.state!) };
  };

  beforeAll(async () => {
    rig = await TwoAgentMesh.start('deltas', (data) => notices.push(fromBinary(DesiredStateNoticeSchema, data)));
    // Let the enrollment changes settle.
    await new Promise((r) => setTimeout(r, 1_500));
  }, 60_000);

  afterAll(() => rig?.close());

  it('sends each change as a delta that rebuilds exactly the full snapshot, change after change', async () => {
    let held = await fullState();
    for (let change = 0; change < 3; change++) {
      const deltasBefore = rig.app.get(DesiredStatePublisher).stats().deltas;
      await publishService(`web-${change}`, 8080 + change);
      const notice = await noticeAfter(held.revision);
      expect(notice?.revision).toBe(held.revision + 1n);
      expect(notice?.delta?.baseRevision).toBe(held.revision);
      // Only B's entry changed: the delta carries it and nothing else of the peer list.
      expect(notice!.delta!.changedPeers.map((entry) => entry.peerId)).toEqual([rig.b.enrollment.peerId]);
      const rebuilt = applyDesiredStateDelta(held.state, notice!.delta!);
      const full = await fullState();
      expect(full.revision).toBe(notice!.revision);
      expect(rebuilt).toEqual(full.state);
      // One for A, one for B (whose own addresses and service NAT changed).
      expect(rig.app.get(DesiredStatePublisher).stats().deltas).toBe(deltasBefore + 2);
      held = { revision: notice!.revision, state: rebuilt };
    }
  });

  it('sends no delta after a control-plane restart, and the snapshot still gives the new state', async () => {
    const held = await fullState();
    await rig.app.close();
    await rig.startControlPlane();
    await publishService('after-restart', 9090);
    const notice = await noticeAfter(held.revision);
    expect(notice?.revision).toBe(held.revision + 1n);
    expect(notice?.delta).toBeUndefined();
    const full = await fullState();
    expect(full.revision).toBe(notice!.revision);
    expect(full.state.peers.find((entry) => entry.peerId === rig.b.enrollment.peerId)?.allowedIps.length).toBeGreaterThan(
      held.state.peers.find((entry) => entry.peerId === rig.b.enrollment.peerId)!.allowedIps.length,
    );
  });
});
