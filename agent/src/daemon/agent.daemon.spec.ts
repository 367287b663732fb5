import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { create } from '@bufbuild/protobuf';
import type { DesiredStateDelta, DesiredStateSnapshot } from '@wom/contracts';
import { DesiredStateSnapshotSchema, desiredStateToWire, diffDesiredStates } from '@wom/contracts';
import { BRANCH_KEYS, branchState, HUB_KEYS } from '../__fixtures__/desired-states';
import { FakeLinuxSystem } from '../__fixtures__/fake-linux-system';
import type { AgentIdentity } from '../state/agent-state.store';
import { AgentStateStore } from '../state/agent-state.store';
import { AgentDaemon } from './agent.daemon';
import type { AgentTransport } from './nats-agent.transport';

const IDENTITY: AgentIdentity = {
  agentId: 'agent-1',
  peerId: 'peer-1',
  wanId: 'wan-1',
  peerName: 'branch',
  server: 'http://127.0.0.1:8080/',
  natsUrls: ['nats://127.0.0.1:4222'],
  inboxPrefix: '_INBOX.agent-1',
  wireguardPublicKey: BRANCH_KEYS.publicKey,
  natsPublicKey: 'UAGENT',
  pendingApproval: false,
};

/** Stands in for NATS and the control plane: serves whichever snapshot the spec sets. */
class ScriptedTransport implements AgentTransport {
  snapshot: DesiredStateSnapshot | Error = new Error('control plane unreachable');
  readonly published: { subject: string; message: unknown }[] = [];
  readonly requests: number[] = [];
  /** The next request is never answered, as one sent while the control plane was coming up. */
  unansweredNext = false;
  private listener: (revision: number, delta?: DesiredStateDelta) => void = () => undefined;

  async requestDesired(applied: number): Promise<DesiredStateSnapshot> {
    this.requests.push(applied);
    if (this.unansweredNext) {
      this.unansweredNext = false;
      return new Promise<DesiredStateSnapshot>(() => undefined);
    }
    if (this.snapshot instanceof Error) throw this.snapshot;
    return this.snapshot;
  }
  onChange(listener: (revision: number, delta?: DesiredStateDelta) => void): void {
    this.listener = listener;
  }
  notify(revision: number, delta?: DesiredStateDelta): void {
    this.listener(revision, delta);
  }
  publish<Desc extends DescMessage>(subject: string, _schema: Desc, message: MessageShape<Desc>): void {
    this.published.push({ subject, message });
  }
  async close(): Promise<void> {}
}

const snapshotOf = (revision: number, options: Parameters<typeof branchState>[0] = {}) =>
  create(DesiredStateSnapshotSchema, { agentId: 'agent-1', revision: BigInt(revision), state: desiredStateToWire(branchState(options)) });

describe('AgentDaemon', () => {
  let dir: string;
  let system: FakeLinuxSystem;
  let transport: ScriptedTransport;
  const daemons: AgentDaemon[] = [];
  const flush = () => new Promise((resolve) => setTimeout(resolve, 20));
  /** Waits until `check` holds, bounded: a loaded machine may take longer than one flush. */
  const eventually = async (check: () => Promise<boolean>, timeoutMs = 5_000) => {
    const until = Date.now() + timeoutMs;
    while (!(await check()) && Date.now() < until) await flush();
  };

  function daemon(options: { driftIntervalMs?: number; statusIntervalMs?: number; interfaceName?: string } = {}): AgentDaemon {
    const made = new AgentDaemon(IDENTITY, BRANCH_KEYS.privateKey, new AgentStateStore(dir), system.ports, {
      statusIntervalMs: options.statusIntervalMs ?? 60_000,
      driftIntervalMs: options.driftIntervalMs ?? 60_000,
      driftPolicy: 'reconcile',
      interfaceName: options.interfaceName ?? null,
      log: () => undefined,
    });
    daemons.push(made);
    return made;
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wom-agent-daemon-'));
    system = new FakeLinuxSystem();
    transport = new ScriptedTransport();
  });

  afterEach(() => {
    daemons.splice(0).forEach((d) => d.stop());
    rmSync(dir, { recursive: true, force: true });
  });

  it('pulls on start, applies, stores the record 0600 and reports the result', async () => {
    transport.snapshot = snapshotOf(5);
    await daemon().start(transport);
    expect(transport.requests).toEqual([0]);
    expect(system.peers.has(HUB_KEYS.publicKey)).toBe(true);
    expect((await new AgentStateStore(dir).readApplied())?.revision).toBe(5);
    expect(statSync(join(dir, 'applied.json')).mode & 0o777).toBe(0o600);
    expect(transport.published).toEqual([{ subject: 'reportApply', message: expect.objectContaining({ revision: 5n, ok: true, failedStep: '' }) }]);
  });

  it('starts a handshake with every dialable peer that never had one, and leaves handshaken peers alone', async () => {
    transport.snapshot = snapshotOf(5);
    await daemon().start(transport);
    expect(system.calls.filter((call) => call.startsWith('kick'))).toEqual([`kick ${HUB_KEYS.publicKey.slice(0, 8)}`]);
    system.peers.set(HUB_KEYS.publicKey, { ...system.peers.get(HUB_KEYS.publicKey)!, latestHandshake: 1_800_000_000 });
    system.calls.length = 0;
    transport.snapshot = snapshotOf(6, { withService: true });
    transport.notify(6);
    await eventually(async () => (await new AgentStateStore(dir).readApplied())?.revision === 6);
    expect(system.calls.filter((call) => call.startsWith('kick'))).toEqual([]);
  });

  it('ignores a snapshot that is not newer than the applied one, and a notice of an older revision', async () => {
    transport.snapshot = snapshotOf(5);
    await daemon().start(transport);
    system.calls.length = 0;
    transport.snapshot = snapshotOf(4, { withService: true });
    transport.notify(0);
    transport.notify(3);
    await flush();
    expect(transport.requests).toEqual([0, 5]);
    expect(system.calls).toEqual([]);
  });

  it('keeps asking until the control plane answers when the first pull fails (NATS back before it)', async () => {
    const running = daemon();
    void running.start(transport);
    await eventually(async () => transport.requests.length >= 2);
    expect((await new AgentStateStore(dir).readApplied())?.revision).toBeUndefined();
    transport.snapshot = snapshotOf(5);
    await eventually(async () => (await new AgentStateStore(dir).readApplied())?.revision === 5);
    expect((await new AgentStateStore(dir).readApplied())?.revision).toBe(5);
    const asked = transport.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 600));
    // Answered once: no more retries.
    expect(transport.requests.length).toBe(asked);
  });

  it('gives up on an unanswered pull when a newer notice comes, instead of holding the revision behind its timeout', async () => {
    transport.unansweredNext = true;
    const running = daemon();
    void running.start(transport);
    await eventually(async () => transport.requests.length === 1);
    transport.snapshot = snapshotOf(5);
    transport.notify(5);
    await eventually(async () => (await new AgentStateStore(dir).readApplied())?.revision === 5);
    expect((await new AgentStateStore(dir).readApplied())?.revision).toBe(5);
    expect(transport.requests).toEqual([0, 0]);
    await running.idle();
  });

  it('applies a newer revision when notified', async () => {
    transport.snapshot = snapshotOf(5);
    await daemon().start(transport);
    transport.snapshot = snapshotOf(6, { withService: true });
    transport.notify(6);
    await eventually(async () => (await new AgentStateStore(dir).readApplied())?.revision === 6);
    expect((await new AgentStateStore(dir).readApplied())?.revision).toBe(6);
    expect(system.addresses).toContain('10.0.5.1/32');
  });

  it('takes everything down when told the peer was removed, keeps nothing to restore, and reports that revision applied', async () => {
    transport.snapshot = snapshotOf(5);
    const running = daemon();
    await running.start(transport);
    expect(system.tables.size).toBe(1);
    transport.snapshot = create(DesiredStateSnapshotSchema, { agentId: 'agent-1', revision: 6n, removed: true });
    transport.notify(6);
    await eventually(async () => transport.published.length === 2);
    expect(transport.published[1]).toEqual({ subject: 'reportApply', message: expect.objectContaining({ revision: 6n, ok: true, steps: [expect.objectContaining({ name: 'remove', ok: true })] }) });
    expect(system.tables.size).toBe(0);
    expect(system.calls).toContain('link del');
    expect(system.link).toBeNull();
    expect(await new AgentStateStore(dir).readApplied()).toBeNull();
    // A restart restores nothing, and the same notice again finds nothing left but still answers.
    system.calls.length = 0;
    await daemon().restore();
    expect(system.calls).toEqual([]);
    transport.notify(6);
    await eventually(async () => transport.published.length === 3);
    expect(transport.published[2]).toEqual({ subject: 'reportApply', message: expect.objectContaining({ revision: 6n, ok: true, steps: [expect.objectContaining({ unchanged: true })] }) });
  });

  describe('deltas', () => {
    const plain = branchState();
    const withService = branchState({ withService: true });
    const deltaTo = (from: typeof plain, to: typeof plain, base: number) => diffDesiredStates(from, to, BigInt(base))!;

    it('applies a delta against the revision it holds without pulling a snapshot', async () => {
      transport.snapshot = snapshotOf(5);
      const running = daemon({ interfaceName: 'wg-local7' });
      await running.start(transport);
      transport.notify(6, deltaTo(plain, withService, 5));
      await eventually(async () => (await new AgentStateStore(dir).readApplied())?.revision === 6);
      await running.idle();
      expect(transport.requests).toEqual([0]);
      expect(system.addresses).toContain('10.0.5.1/32');
      expect((await new AgentStateStore(dir).readApplied())?.state).toEqual({ ...withService, interface: { ...withService.interface, name: 'wg-local7' } });
      // And a second one against the state the first delta rebuilt.
      transport.notify(7, deltaTo(withService, plain, 6));
      await eventually(async () => (await new AgentStateStore(dir).readApplied())?.revision === 7);
      expect(transport.requests).toEqual([0]);
      expect(system.addresses).not.toContain('10.0.5.1/32');
    });

    it('pulls the snapshot for a delta against another revision (a missed notice)', async () => {
      transport.snapshot = snapshotOf(5);
      const running = daemon();
      await running.start(transport);
      transport.snapshot = snapshotOf(7, { withService: true });
      transport.notify(7, deltaTo(plain, withService, 6));
      await eventually(async () => (await new AgentStateStore(dir).readApplied())?.revision === 7);
      await running.idle();
      expect(transport.requests).toEqual([0, 5]);
      expect(system.addresses).toContain('10.0.5.1/32');
    });

    it('pulls the snapshot when the rebuilt state is not the published one', async () => {
      transport.snapshot = snapshotOf(5);
      const running = daemon();
      await running.start(transport);
      transport.snapshot = snapshotOf(6, { withService: true });
      // Computed against a base the agent does not hold, but labelled with its revision.
      const wrongBase = { ...plain, routes: [...plain.routes, '172.31.0.0/16'] };
      transport.notify(6, deltaTo(wrongBase, withService, 5));
      await eventually(async () => (await new AgentStateStore(dir).readApplied())?.revision === 6);
      await running.idle();
      expect(transport.requests).toEqual([0, 5]);
      expect((await new AgentStateStore(dir).readApplied())?.state).toEqual(withService);
    });

    it('pulls the snapshot after a restart: the base is not kept on disk', async () => {
      transport.snapshot = snapshotOf(5);
      await daemon().start(transport);
      const restarted = daemon();
      await restarted.restore();
      await restarted.start(transport);
      transport.snapshot = snapshotOf(6, { withService: true });
      transport.notify(6, deltaTo(plain, withService, 5));
      await eventually(async () => (await new AgentStateStore(dir).readApplied())?.revision === 6);
      await restarted.idle();
      expect(transport.requests).toEqual([0, 5, 5]);
    });
  });

  it('keeps the tunnels as they are while the control plane is unreachable, and restores them after a restart', async () => {
    transport.snapshot = snapshotOf(5);
    await daemon().start(transport);
    transport.snapshot = new Error('no responders');
    transport.notify(0);
    await flush();
    expect(system.peers.size).toBe(1);

    // A new process on a box whose interface went away (a reboot): the stored state comes back without any network.
    system.link = null;
    system.peers.clear();
    await daemon().restore();
    expect(system.peers.has(HUB_KEYS.publicKey)).toBe(true);
  });

  it('never lets a drift repair put back an older revision than the one a pull is applying', async () => {
    transport.snapshot = snapshotOf(5);
    const running = daemon({ driftIntervalMs: 5 });
    await running.start(transport);
    for (let round = 0; round < 10; round++) {
      system.peers.clear();
      transport.snapshot = snapshotOf(6 + round, { withService: round % 2 === 0 });
      transport.notify(6 + round);
      await flush();
      await running.idle();
    }
    expect((await new AgentStateStore(dir).readApplied())?.revision).toBe(15);
    expect(system.addresses).not.toContain('10.0.5.1/32');
    expect(system.peers.has(HUB_KEYS.publicKey)).toBe(true);
  });

  it('applies under the local interface name it was given', async () => {
    transport.snapshot = snapshotOf(5);
    await daemon({ interfaceName: 'wg-local7' }).start(transport);
    expect(system.link?.name).toBe('wg-local7');
    expect((await new AgentStateStore(dir).readApplied())?.state.interface.name).toBe('wg-local7');
    expect(system.table).not.toBeNull();
  });

  it('reports each peer with its handshake, counters and endpoint on the status interval', async () => {
    transport.snapshot = snapshotOf(5);
    await daemon({ statusIntervalMs: 10 }).start(transport);
    const hub = system.peers.get(HUB_KEYS.publicKey)!;
    system.peers.set(HUB_KEYS.publicKey, { ...hub, latestHandshake: 1_732_540_000, rxBytes: 1024, txBytes: 2048 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const status = transport.published.filter((p) => p.subject === 'reportStatus').at(-1)?.message;
    expect(status).toMatchObject({
      agentId: 'agent-1',
      appliedRevision: 5n,
      interfaceName: 'wg-unit',
      lastError: '',
      peers: [expect.objectContaining({ publicKey: HUB_KEYS.publicKey, endpoint: '198.51.100.1:51820', latestHandshakeMs: 1_732_540_000_000n, rxBytes: 1024n, txBytes: 2048n })],
    });
  });
});
