import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContinuousPing, delay, eventually, privilegedSkipReason, requireTools, startTcpServer, tcpProbe } from '../support/netns';
import type { ControlPlane, ManagedProcess } from '../support/processes';
import { agentIdOf, agentStatus, appliedRevision, buildAll, childPids, createDatabase, enrollAgent, startAgent, startControlPlane } from '../support/processes';
import type { LabSite } from '../support/site-lab';
import { SiteLab } from '../support/site-lab';

/**
 * The whole product on real tunnels: the built control plane with its own PostgreSQL
 * database and its embedded NATS, and one built agent per site, enrolled with tokens,
 * driving wireguard-go interfaces inside site namespaces on a simulated internet.
 *
 * Sites 0–2 have their own LANs; sites 3 and 4 both use 192.168.1.0/24 and are reached
 * through NAT translations. Site 0 is the hub.
 */

const skip = privilegedSkipReason();
if (skip !== null) console.warn(`Skipping the agents-over-NATS end-to-end spec: ${skip}.`);
const describePrivileged = skip === null ? describe : describe.skip;

interface PeerResponse {
  readonly id: string;
  readonly desiredRevision: number;
  readonly appliedRevision: number;
}

interface AgentResponse {
  readonly online: boolean;
  readonly interfaceName: string | null;
  readonly appliedRevision: number;
  readonly lastSeenAt: string | null;
  readonly lastError: string | null;
  readonly drift: { readonly items: number; readonly reconciled: boolean } | null;
}

const TRANSLATED = new Map([
  [3, '172.16.3.0/24'],
  [4, '172.16.4.0/24'],
]);

describePrivileged('agents over NATS, end to end', () => {
  let lab: SiteLab;
  let database: ReturnType<typeof createDatabase> | undefined;
  let controlPlane: ControlPlane | undefined;
  let workDir: string;
  let wanId: string;
  const peerIds: string[] = [];
  const stateDirs: string[] = [];
  const agents: (ManagedProcess | null)[] = [];
  const site = (i: number): LabSite => lab.sites[i]!;

  const startSiteAgent = (i: number) => (agents[i] = startAgent(stateDirs[i]!, site(i).site.name, site(i).interfaceName));

  const desiredRevisions = async () => (await Promise.all(peerIds.map((id) => controlPlane!.api<PeerResponse>('GET', `/peers/${id}`)))).map((p) => p.desiredRevision);

  /**
   * Every agent but `except` holds the revision the control plane last compiled for it. The
   * desired revisions must first stay put for a second: the publisher debounces changes, so
   * right after an API call the new revision may not exist yet.
   */
  async function converged(except: ReadonlySet<number> = new Set()): Promise<boolean> {
    let previous = '';
    let stableSince = Date.now();
    for (let attempt = 0; attempt < 150; attempt++) {
      const desired = await desiredRevisions();
      const key = desired.join(',');
      if (key !== previous) [previous, stableSince] = [key, Date.now()];
      const applied = desired.every((revision, i) => except.has(i) || (revision > 0 && appliedRevision(stateDirs[i]!) >= revision));
      if (applied && Date.now() - stableSince >= 1_000) return true;
      await delay(200);
    }
    // Say what did not converge, with each agent's latest log lines, instead of a bare false.
    const desired = await desiredRevisions();
    const report = desired.map((revision, i) => `site ${i}: desired ${revision}, applied ${appliedRevision(stateDirs[i]!)}\n${agents[i]?.output.split('\n').slice(-8).join('\n')}`);
    throw new Error(`agents did not converge within 30 s:\n${report.join('\n')}`);
  }

  /** Makes a change and waits until the control plane compiled a new revision for `peer`. */
  async function change(peer: number, method: string, path: string, body: unknown): Promise<void> {
    const before = (await desiredRevisions())[peer]!;
    await controlPlane!.api(method, path, body);
    for (let attempt = 0; attempt < 50 && (await desiredRevisions())[peer]! <= before; attempt++) await delay(100);
  }

  beforeAll(async () => {
    requireTools([
      ['psql', 'postgresql-client'],
      ['nats-server', 'nats-server'],
    ]);
    await buildAll();
    workDir = mkdtempSync(join(tmpdir(), 'wom-e2e-'));
    database = createDatabase();
    controlPlane = await startControlPlane(database.url, workDir);
    lab = SiteLab.create(5, new Map([[3, '192.168.1.0/24'], [4, '192.168.1.0/24']]));
    wanId = (await controlPlane.api<{ id: string }>('POST', '/wan', { name: 'e2e', topologyType: 'mesh', tunnelIpRange: '10.0.0.0/24' })).id;
    for (const s of lab.sites) {
      const peer = await controlPlane.api<{ id: string }>('POST', `/wan/${wanId}/peers`, {
        name: `site-${s.index}`,
        type: s.index === 0 ? 'hub' : 'server',
        tunnelIp: s.tunnelIp,
        endpoint: `${s.uplinkIp}:51820`,
        listenPort: 51820,
        subnets: [
          TRANSLATED.has(s.index)
            ? { cidr: s.lanCidr, isRouted: true, natEnabled: true, natTranslatedCidr: TRANSLATED.get(s.index) }
            : { cidr: s.lanCidr, isRouted: true },
        ],
      });
      peerIds.push(peer.id);
      const { token } = await controlPlane.api<{ token: string }>('POST', '/enrollment-tokens', { wanId, peerId: peer.id });
      const stateDir = join(workDir, `agent-${s.index}`);
      stateDirs.push(stateDir);
      enrollAgent(controlPlane.url, token, stateDir);
    }
    lab.sites.forEach((_, i) => startSiteAgent(i));
    await converged();
  }, 300_000);

  afterAll(async () => {
    await Promise.all(agents.map((agent) => agent?.stop()));
    lab?.dispose();
    await controlPlane?.process.stop();
    database?.drop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  }, 60_000);

  it('tunnel addresses ping each other', async () => {
    for (const from of lab.sites) {
      for (const to of lab.sites.filter((s) => s !== from)) {
        expect([from.index, to.index, await eventually(() => from.site.succeeds('ping', ['-c', '1', '-W', '1', to.tunnelIp]))]).toEqual([from.index, to.index, true]);
      }
    }
  }, 120_000);

  it('carries LAN-to-LAN traffic', async () => {
    expect(await eventually(() => site(0).lan.succeeds('ping', ['-c', '1', '-W', '1', site(1).lanHost]))).toBe(true);
    expect(await eventually(() => site(2).lan.succeeds('ping', ['-c', '1', '-W', '1', site(1).lanHost]))).toBe(true);
  }, 60_000);

  it('reaches two sites with the same LAN through their NAT translations', async () => {
    expect(await eventually(() => site(0).lan.succeeds('ping', ['-c', '1', '-W', '1', '172.16.3.10']))).toBe(true);
    expect(await eventually(() => site(0).lan.succeeds('ping', ['-c', '1', '-W', '1', '172.16.4.10']))).toBe(true);
    const server = await startTcpServer(site(4).lan, 7000);
    try {
      // The host in site 4 sees the caller by its real address; the caller only knows the translated one.
      expect(await eventually(() => tcpProbe(site(0).lan, '172.16.4.10', 7000) === `seen ${site(0).lanHost}`, 20)).toBe(true);
    } finally {
      server.stop();
    }
  }, 60_000);

  it('reports status: the control plane sees every agent online, with its revision and interface', async () => {
    for (const [i, s] of lab.sites.entries()) {
      const id = agentIdOf(stateDirs[i]!);
      let agent: AgentResponse | undefined;
      for (let attempt = 0; attempt < 50; attempt++) {
        agent = await controlPlane!.api<AgentResponse>('GET', `/agents/${id}`);
        // The first status report may predate the first apply, so wait for one that names the interface.
        if (agent.online && agent.interfaceName === s.interfaceName && agent.appliedRevision === appliedRevision(stateDirs[i]!)) break;
        await delay(200);
      }
      expect(agent).toMatchObject({ online: true, interfaceName: s.interfaceName, appliedRevision: appliedRevision(stateDirs[i]!), lastError: null });
      expect(Date.parse(agent!.lastSeenAt!)).toBeGreaterThan(Date.now() - 30_000);
    }
    const printed = agentStatus(stateDirs[0]!, site(0).site.name);
    expect(printed).toContain(`revision       ${appliedRevision(stateDirs[0]!)}, applied`);
    expect(printed).toContain(`interface      ${site(0).interfaceName}, address ${site(0).tunnelIp}/32`);
    expect(printed).toMatch(/^NATS +connected to /m);
    // One line per peer, each with a handshake, and the verdict naming the latest.
    expect(printed.match(/^ {2}site-\d +endpoint \S+ +handshake (\d+ (min|s) )+.*ago/gm)).toHaveLength(4);
    expect(printed).toMatch(/^handshake with site-\d/m);
    expect(printed).toContain('last error     -');
  }, 60_000);

  it('finds drift on a site, repairs it by policy and reports it', async () => {
    const s = site(2);
    // The agents made their own keys at enrollment; the hub's is on its device.
    const hubKey = (await site(0).ports.wireguard.readDevice(site(0).interfaceName))!.publicKey!;
    s.site.exec('wg', ['set', s.interfaceName, 'peer', hubKey, 'remove']);
    expect((await s.ports.wireguard.readDevice(s.interfaceName))!.peers.map((p) => p.publicKey)).not.toContain(hubKey);
    const id = agentIdOf(stateDirs[2]!);
    let reported: AgentResponse['drift'] = null;
    for (let attempt = 0; attempt < 100 && reported === null; attempt++) {
      reported = (await controlPlane!.api<AgentResponse>('GET', `/agents/${id}`)).drift;
      if (reported === null) await delay(100);
    }
    expect(reported).toMatchObject({ reconciled: true });
    expect(reported!.items).toBeGreaterThanOrEqual(1);
    expect(agents[2]!.output).toMatch(/drift at revision \d+: \d+ items, reconciled/);
    expect((await s.ports.wireguard.readDevice(s.interfaceName))!.peers.map((p) => p.publicKey)).toContain(hubKey);
    expect(await eventually(() => s.site.succeeds('ping', ['-c', '1', '-W', '1', site(0).tunnelIp]))).toBe(true);
  }, 60_000);

  it('makes a TCP service published from one LAN reachable at its shared address from another LAN', async () => {
    const created = await controlPlane!.api<{ sharedIp: string; sharedPort: number }>('POST', `/peers/${peerIds[2]}/services`, {
      name: 'web',
      localIp: site(2).lanHost,
      localPort: 8080,
      sharedPort: 80,
      protocol: 'tcp',
    });
    const server = await startTcpServer(site(2).lan, 8080);
    try {
      expect(await eventually(() => tcpProbe(site(1).lan, created.sharedIp, created.sharedPort) === `seen ${site(1).lanHost}`, 50)).toBe(true);
    } finally {
      server.stop();
    }
  }, 60_000);

  it('loses no packet of a 10/s ping across the overlay during 20 desired-state changes', async () => {
    const ping = ContinuousPing.start(site(0).lan, site(1).lanHost);
    for (let i = 0; i < 20; i++) {
      await change(2, 'PUT', `/peers/${peerIds[2]}`, { persistentKeepalive: 10 + i });
    }
    expect(await converged()).toBe(true);
    const summary = await ping.stop();
    expect(summary.sent).toBeGreaterThan(20);
    expect(summary.lost).toEqual([]);
  }, 120_000);

  it('loses no packet while an agent restarts', async () => {
    const ping = ContinuousPing.start(site(0).lan, site(1).lanHost);
    await agents[1]!.stop();
    await delay(1_000);
    startSiteAgent(1);
    // Back on NATS, so the next test's outage finds it connected: a loaded machine may take a while.
    expect(await eventually(() => /connected as agent/.test(agents[1]!.output), 300)).toBe(true);
    const summary = await ping.stop();
    expect(summary.lost).toEqual([]);
    // The new process applied its stored state first, and found nothing to change.
    expect(agents[1]!.output).toMatch(/restored revision \d+: ok, nothing changed/);
  }, 120_000);

  it('keeps tunnels up while NATS is down, and converges once it is back', async () => {
    const ping = ContinuousPing.start(site(0).lan, site(2).lanHost);
    const [natsPid] = childPids(controlPlane!.process.pid);
    expect(natsPid).toBeDefined();
    // The control plane supervises its nats-server and starts it again after it dies.
    process.kill(natsPid!, 'SIGTERM');
    await delay(2_000);
    await change(1, 'PUT', `/peers/${peerIds[1]}`, { persistentKeepalive: 33 });
    expect(await converged()).toBe(true);
    const summary = await ping.stop();
    expect(summary.lost).toEqual([]);
    expect(childPids(controlPlane!.process.pid)).not.toContain(natsPid);
    for (const agent of agents) expect(agent!.output).toMatch(/disconnected from NATS[\s\S]*reconnected to NATS/);
  }, 90_000);

  it('in hub-spoke, spokes reach each other through the hub', async () => {
    await change(1, 'PUT', `/wan/${wanId}`, { topologyType: 'hub-spoke' });
    expect(await converged()).toBe(true);
    const spoke = await site(1).ports.wireguard.readDevice(site(1).interfaceName);
    expect(spoke?.peers.map((p) => p.publicKey)).toHaveLength(1);
    expect(await eventually(() => site(1).lan.succeeds('ping', ['-c', '1', '-W', '1', site(2).lanHost]))).toBe(true);
  }, 90_000);

  it('sends a revoked agent no further updates', async () => {
    expect(await converged()).toBe(true);
    await controlPlane!.api('POST', `/agents/${agentIdOf(stateDirs[3]!)}/revoke`);
    const before = appliedRevision(stateDirs[3]!);
    await change(3, 'PUT', `/peers/${peerIds[3]}`, { persistentKeepalive: 44 });
    await change(3, 'PUT', `/peers/${peerIds[0]}`, { persistentKeepalive: 45 });
    expect(await converged(new Set([3]))).toBe(true);
    await delay(3_000);
    const desired = await controlPlane!.api<PeerResponse>('GET', `/peers/${peerIds[3]}`);
    expect(desired.desiredRevision).toBeGreaterThan(before);
    expect(appliedRevision(stateDirs[3]!)).toBe(before);
  }, 90_000);

  it('deleting the peer of a site: its agent takes its interface, routes and table down; the other sites keep their tunnels', async () => {
    const gone = site(4);
    const key = (await controlPlane!.api<PeerResponse & { publicKey: string }>('GET', `/peers/${peerIds[4]}`)).publicKey;
    expect(gone.site.succeeds('ip', ['link', 'show', gone.interfaceName])).toBe(true);
    const answer = await controlPlane!.api<{ status: string; jobIds: string[] }>('DELETE', `/peers/${peerIds[4]}`);
    expect(answer).toEqual({ status: 'removing', jobIds: [] });
    // The peer goes once its agent has reported the removal applied. Within 60 s: a notice the
    // agent missed is made up by the control plane's revision heartbeat (every 30 s).
    let removed = false;
    const until = Date.now() + 60_000;
    for (let attempt = 0; attempt < 600 && !removed && Date.now() < until; attempt++) {
      removed = await controlPlane!.api('GET', `/peers/${peerIds[4]}`).then(() => false, (error: Error) => /→ 404/.test(error.message));
      if (!removed) await delay(200);
    }
    if (!removed) console.log(`agent of site 4, last lines:\n${agents[4]?.output.split('\n').slice(-30).join('\n')}`);
    expect(removed).toBe(true);
    expect(gone.site.succeeds('ip', ['link', 'show', gone.interfaceName])).toBe(false);
    expect(gone.site.succeeds('nft', ['list', 'table', 'inet', `wom_${gone.interfaceName}`])).toBe(false);
    expect(gone.site.succeeds('sh', ['-c', `ip route | grep -q 'proto 87'`])).toBe(false);
    // The hub no longer lists it, and the spokes still reach each other through the hub.
    expect(await eventually(() => site(0).site.succeeds('sh', ['-c', `! wg show ${site(0).interfaceName} peers | grep -qF '${key}'`]))).toBe(true);
    expect(await eventually(() => site(1).lan.succeeds('ping', ['-c', '1', '-W', '1', site(2).lanHost]))).toBe(true);
    expect(agents[4]?.child.exitCode).toBeNull();
  }, 90_000);
});
