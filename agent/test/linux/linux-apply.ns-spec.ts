import type { PublishedService } from '@wom/domain';
import { detectDrift } from '../../src/drift/drift.detector';
import { DriftService, observeSystem } from '../../src/drift/drift.service';
import { LinuxApplyService } from '../../src/linux/linux-apply.service';
import { prepareState } from '../../src/linux/prepared-state';
import { collectPeerStatus } from '../../src/status/peer-status.collector';
import { ContinuousPing, eventually, privilegedSkipReason, requireTools, startTcpServer, tcpProbe } from '../support/netns';
import type { LabChanges, LabSite } from '../support/site-lab';
import { SiteLab, subnetIdOf } from '../support/site-lab';

/**
 * The Linux apply on real wireguard-go tunnels between three sites, each with a LAN behind
 * it. Desired states come from the real compiler and go through the real ports (`wg`, `ip`,
 * `nft`, `sysctl`) inside each site's namespace, as the agent applies them.
 */

const skip = privilegedSkipReason();
if (skip !== null) console.warn(`Skipping the agent namespace specs: ${skip}.`);
const describePrivileged = skip === null ? describe : describe.skip;

const service = (index: number): PublishedService => ({
  id: `00000000-0000-4000-8003-${index.toString(16).padStart(12, '0')}`,
  peerId: '00000000-0000-4000-8001-000000000002',
  name: `web-${index}`,
  localIp: '192.168.30.10',
  localPort: 8080,
  sharedIp: `10.0.5.${index + 1}`,
  sharedPort: 80,
  protocol: 'tcp',
  isActive: true,
});

describePrivileged('Linux apply through the ports, in network namespaces', () => {
  let lab: SiteLab;
  let revision = 1;
  const site = (index: number): LabSite => lab.sites[index]!;

  beforeAll(async () => {
    requireTools();
    lab = SiteLab.create(3);
    const results = await lab.applyAll(lab.snapshot(), revision);
    expect(results.map((r) => [r.ok, r.error])).toEqual([[true, null], [true, null], [true, null]]);
  }, 60_000);

  afterAll(() => lab?.dispose());

  it('creates each interface with wireguard-go, and the tunnel addresses ping each other', async () => {
    for (const from of lab.sites) {
      for (const to of lab.sites.filter((s) => s !== from)) {
        expect(await eventually(() => from.site.succeeds('ping', ['-c', '1', '-W', '1', to.tunnelIp]))).toBe(true);
      }
    }
  }, 60_000);

  it('carries traffic from LAN to LAN', async () => {
    expect(await eventually(() => site(0).lan.succeeds('ping', ['-c', '1', '-W', '1', site(1).lanHost]))).toBe(true);
    expect(await eventually(() => site(2).lan.succeeds('ping', ['-c', '1', '-W', '1', site(0).lanHost]))).toBe(true);
  }, 30_000);

  it('changes nothing when the same state is applied again', async () => {
    const state = lab.stateOf(lab.snapshot(), site(1));
    const outcome = await new LinuxApplyService(site(1).ports).apply({ state, revision, privateKey: site(1).keys.privateKey, nftRecord: site(1).nftRecord });
    expect(outcome.result.ok).toBe(true);
    expect(outcome.result.steps.filter((step) => !step.unchanged).map((step) => step.name)).toEqual([]);
  });

  it('reports each peer with a handshake, traffic counters and its endpoint', async () => {
    const statuses = await collectPeerStatus(site(0).ports.wireguard, site(0).interfaceName, site(0).applied);
    expect(statuses.map((s) => s.endpoint).sort()).toEqual(['198.51.100.2:51820', '198.51.100.3:51820']);
    for (const status of statuses) {
      expect(status.peerId).not.toBe('');
      expect(status.latestHandshakeMs).toBeGreaterThan(Date.now() - 120_000);
      expect(status.rxBytes).toBeGreaterThan(0);
    }
  });

  it('makes a service published from one LAN reachable at its shared address from another LAN', async () => {
    revision += 1;
    const results = await lab.applyAll(lab.snapshot({ services: [service(0)] }), revision);
    expect(results.every((r) => r.ok)).toBe(true);
    const server = await startTcpServer(site(2).lan, 8080);
    try {
      // Through the shared address, the service host sees the caller's real LAN address.
      expect(await eventually(() => tcpProbe(site(0).lan, '10.0.5.1', 80) === `seen ${site(0).lanHost}`, 20)).toBe(true);
    } finally {
      server.stop();
    }
  }, 30_000);

  it('loses no packet of a 10/s ping across the overlay during 20 desired-state changes', async () => {
    const ping = ContinuousPing.start(site(0).lan, site(1).lanHost);
    const changes: LabChanges[] = [];
    for (let i = 0; i < 20; i++) {
      const services = Array.from({ length: 1 + (i % 3) }, (_, k) => service(k));
      const extraSubnets = i % 2 === 0 ? [{ id: subnetIdOf(100 + i), peerId: site(2).peerId, cidr: `172.20.${i}.0/24`, isRouted: true, natEnabled: false, natTranslatedCidr: null }] : [];
      changes.push({ services, extraSubnets, keepalive: new Map([[1, 10 + i]]) });
    }
    const failures: string[] = [];
    for (const change of changes) {
      revision += 1;
      const results = await lab.applyAll(lab.snapshot(change), revision);
      failures.push(...results.filter((r) => !r.ok).map((r) => `${r.revision}: ${r.error}`));
      expect(results.length).toBeGreaterThan(0);
    }
    const summary = await ping.stop();
    expect(failures).toEqual([]);
    expect(summary.sent).toBeGreaterThan(10);
    expect(summary.lost).toEqual([]);
    // 60 applies of three sites, each a few dozen wg/ip/nft processes: generous for a loaded CI machine.
  }, 300_000);

  it('loses no packet when a restarted agent applies its state again from scratch', async () => {
    const ping = ContinuousPing.start(site(0).lan, site(1).lanHost);
    const portBefore = (await site(1).ports.wireguard.readDevice(site(1).interfaceName))?.listenPort;
    for (const s of lab.sites) {
      // A new process: no memory of the nftables table it loaded, a fresh service.
      const state = s.applied!;
      const outcome = await new LinuxApplyService(s.ports).apply({ state, revision, privateKey: s.keys.privateKey, nftRecord: null });
      expect(outcome.result.ok).toBe(true);
      expect(outcome.result.steps.find((step) => step.name === 'wireguard')?.unchanged).toBe(true);
      s.nftRecord = outcome.nftRecord;
    }
    const summary = await ping.stop();
    expect(summary.lost).toEqual([]);
    expect((await site(1).ports.wireguard.readDevice(site(1).interfaceName))?.listenPort).toBe(portBefore);
  }, 60_000);

  it('detects drift as unknown, missing and mismatched, and reconciles it by policy', async () => {
    const s = site(1);
    const prepared = await prepareState(s.applied!, s.ports.resolver);
    const hubKey = site(0).keys.publicKey;
    s.site.exec('wg', ['set', s.interfaceName, 'peer', hubKey, 'remove']);
    s.site.exec('wg', ['set', s.interfaceName, 'peer', site(2).keys.publicKey, 'persistent-keepalive', '7']);
    s.site.ip('route', 'add', '172.31.9.0/24', 'dev', s.interfaceName, 'proto', '87');
    s.site.ip('route', 'add', '172.31.10.0/24', 'dev', s.interfaceName);
    s.site.exec('nft', ['add', 'rule', 'inet', `wom_${s.interfaceName}`, 'forward', 'counter']);
    const items = detectDrift(prepared, await observeSystem(s.ports, s.interfaceName), s.keys.publicKey, s.nftRecord);
    expect(items.map((item) => `${item.kind} ${item.area} ${item.key}`).sort()).toEqual(
      [`missing wireguard-peer ${hubKey}`, `mismatched wireguard-peer ${site(2).keys.publicKey}`, 'unknown route 172.31.9.0/24', `mismatched nftables inet wom_${s.interfaceName}`].sort(),
    );

    const drift = new DriftService(s.ports);
    const reapply = () => new LinuxApplyService(s.ports).apply({ state: s.applied!, revision, privateKey: s.keys.privateKey, nftRecord: s.nftRecord });
    const reported = await drift.check(prepared, s.keys.publicKey, s.nftRecord, 'report', reapply);
    expect([reported.reconciled, reported.items.length]).toEqual([false, 4]);
    const reconciled = await drift.check(prepared, s.keys.publicKey, s.nftRecord, 'reconcile', reapply);
    expect(reconciled.reconciled).toBe(true);
    s.nftRecord = reconciled.reconcile!.nftRecord;
    expect(detectDrift(prepared, await observeSystem(s.ports, s.interfaceName), s.keys.publicKey, s.nftRecord)).toEqual([]);
    // A route without our marker is someone else's: drift ignores it and reconcile keeps it.
    expect(s.site.ip('route', 'show', '172.31.10.0/24')).toContain('172.31.10.0/24');
    expect(await eventually(() => s.site.succeeds('ping', ['-c', '1', '-W', '1', site(0).tunnelIp]))).toBe(true);
  }, 30_000);

  it('names the failed step and leaves the running tunnel alone when a route clashes with a foreign one', async () => {
    const s = site(2);
    s.site.ip('route', 'add', '172.30.1.0/24', 'dev', 'lan0');
    const extraSubnets = [{ id: subnetIdOf(200), peerId: site(0).peerId, cidr: '172.30.1.0/24', isRouted: true, natEnabled: false, natTranslatedCidr: null }];
    const state = lab.stateOf(lab.snapshot({ extraSubnets }), s);
    const outcome = await new LinuxApplyService(s.ports).apply({ state, revision: revision + 1, privateKey: s.keys.privateKey, nftRecord: s.nftRecord });
    expect(outcome.result).toMatchObject({ ok: false, failedStep: 'routes', revision: revision + 1 });
    expect(outcome.result.error).toMatch(/^routes: ip route add 172\.30\.1\.0\/24 .*File exists/);
    expect(s.site.ip('route', 'show', '172.30.1.0/24')).toContain('dev lan0');
    expect(await eventually(() => s.site.succeeds('ping', ['-c', '1', '-W', '1', site(0).tunnelIp]))).toBe(true);
  });

  it('rejects a hostile desired state at validation, before touching anything', async () => {
    const s = site(2);
    const state = { ...s.applied!, routes: ['10.0.0.0/24', '0.0.0.0/0 dev lo'] };
    const outcome = await new LinuxApplyService(s.ports).apply({ state, revision: 999, privateKey: s.keys.privateKey, nftRecord: s.nftRecord });
    expect(outcome.result).toMatchObject({ ok: false, failedStep: 'validate' });
    expect(outcome.result.error).toContain('routes[1]');
    expect(outcome.result.steps.map((step) => step.name)).toEqual(['validate']);
  });

  it('in hub-spoke, spokes reach each other through the hub', async () => {
    revision += 1;
    const results = await lab.applyAll(lab.snapshot({ topology: 'hub-spoke' }), revision);
    expect(results.every((r) => r.ok)).toBe(true);
    const spokePeers = (await site(1).ports.wireguard.readDevice(site(1).interfaceName))!.peers.map((p) => p.publicKey);
    expect(spokePeers).toEqual([site(0).keys.publicKey]);
    expect(await eventually(() => site(1).lan.succeeds('ping', ['-c', '1', '-W', '1', site(2).lanHost]))).toBe(true);
    const trace = site(1).lan.exec('ping', ['-c', '1', '-W', '1', '-R', site(2).lanHost]);
    expect(trace).toContain(site(0).tunnelIp);
  }, 30_000);
});
