import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Box } from '../support/box';
import { hostOnInternet, type HostLink } from '../support/host-link';
import { eventually, privilegedSkipReason, requireTools, run } from '../support/netns';
import type { ControlPlane } from '../support/processes';
import { buildAll, createDatabase, startControlPlane } from '../support/processes';
import { SiteLab } from '../support/site-lab';

/**
 * The agent installed the way a site admin installs it: `curl <control plane>/install/agent.sh
 * | sh -s -- --token …` on a box that has no Node.js, with the control plane reached over a
 * simulated internet at its PUBLIC_URL. The installed executable enrolls and runs inside the
 * site's namespace and brings a real wireguard-go tunnel up to a second site installed the
 * same way; installing again upgrades in place; --uninstall leaves nothing behind.
 */

const skip = privilegedSkipReason();
if (skip !== null) console.warn(`Skipping the installer end-to-end spec: ${skip}.`);
const describePrivileged = skip === null ? describe : describe.skip;

const HOST_IP = '198.51.100.254';

interface Peer {
  readonly id: string;
  readonly name: string;
}

describePrivileged('the agent installer, end to end', () => {
  let lab: SiteLab;
  let host: HostLink | undefined;
  let database: ReturnType<typeof createDatabase> | undefined;
  let controlPlane: ControlPlane;
  let workDir: string;
  let wanId: string;
  let scriptUrl: string;
  const boxes: Box[] = [];
  const peers: Peer[] = [];
  const box = (i: number) => boxes[i]!;
  const site = (i: number) => lab.sites[i]!;

  const token = async (peerId: string) => (await controlPlane.api<{ token: string }>('POST', '/enrollment-tokens', { wanId, peerId })).token;
  /** What each box's agent logged and what its interface shows, for a failure message. */
  const diagnostics = () =>
    lab.sites
      .map((s, i) => `--- site ${i}\n${box(i).agentLog().split('\n').slice(-15).join('\n')}\n${spawnSync('ip', ['netns', 'exec', s.site.name, 'wg', 'show'], { encoding: 'utf8' }).stdout}`)
      .join('\n');
  const expectHandshake = (output: string) => {
    if (!/handshake with site-\d \d+ s ago/.test(output)) throw new Error(`no handshake reported:\n${output}\n${diagnostics()}`);
  };
  const install = (i: number, args: readonly string[]) => box(i).install(site(i).site.name, scriptUrl, ['--root', box(i).root, '--interface', site(i).interfaceName, ...args]);

  beforeAll(async () => {
    requireTools([
      ['psql', 'postgresql-client'],
      ['nats-server', 'nats-server'],
      ['curl', 'curl'],
      ['setpriv', 'util-linux'],
    ]);
    await buildAll();
    workDir = mkdtempSync(join(tmpdir(), 'wom-install-e2e-'));
    lab = SiteLab.create(2);
    host = hostOnInternet(lab.internet, `${HOST_IP}/24`);
    database = createDatabase();
    // Listening on its internet address, the control plane's defaults hand that address to agents:
    // PUBLIC_URL is http://<HOST>:<PORT> and the embedded NATS listens where HOST does.
    controlPlane = await startControlPlane(database.url, workDir, { host: HOST_IP });
    scriptUrl = `${controlPlane.url}/install/agent.sh`;
    wanId = (await controlPlane.api<{ id: string }>('POST', '/wan', { name: 'install-e2e', topologyType: 'mesh', tunnelIpRange: '10.77.0.0/24' })).id;
    for (const s of lab.sites) {
      const peer = await controlPlane.api<Peer>('POST', `/wan/${wanId}/peers`, {
        name: `site-${s.index}`,
        type: 'server',
        deploymentMode: 'agent',
        tunnelIp: `10.77.0.${s.index + 1}`,
        endpoint: `${s.uplinkIp}:51820`,
        listenPort: 51820,
      });
      peers.push(peer);
      boxes.push(new Box());
    }
  }, 600_000);

  afterAll(async () => {
    boxes.forEach((b) => b.dispose());
    lab?.dispose();
    host?.dispose();
    await controlPlane?.process.stop();
    database?.drop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  }, 60_000);

  it('installs, enrolls and starts the agent on a box without Node.js; the tunnel comes up', async () => {
    expect(spawnSync('ip', ['netns', 'exec', site(0).site.name, 'env', '-i', ...Object.entries(box(0).env()).map(([k, v]) => `${k}=${v}`), 'sh', '-c', 'command -v node'], { encoding: 'utf8' }).status).not.toBe(0);

    const first = await install(0, ['--token', await token(peers[0]!.id), '--wait', '0']);
    expect(first).toMatchObject({ status: 0 });
    expect(first.stdout).toContain('wom-agent 0.1.0 (protocol wom.agent.v1) installed and running');
    expect(first.stdout).toMatch(/peer +site-0/);

    const second = await install(1, ['--token', await token(peers[1]!.id), '--wait', '60']);
    expect(second).toMatchObject({ status: 0 });
    // The installer's last word: the peer, its tunnel address, and the first handshake.
    expect(second.stdout).toMatch(/peer +site-1/);
    expect(second.stdout).toContain('address 10.77.0.2/32');
    expectHandshake(second.stdout);
    console.log(`installer start → first handshake: ${second.ms} ms`);

    expect(await eventually(() => site(1).site.succeeds('ping', ['-c', '1', '-W', '1', '10.77.0.1']))).toBe(true);
    expect(await eventually(() => site(0).site.succeeds('ping', ['-c', '1', '-W', '1', '10.77.0.2']))).toBe(true);
  }, 240_000);

  it('lays out what the unit promises, and the unit passes systemd-analyze verify', () => {
    const b = box(1);
    expect(statSync(b.path('usr/local/bin/wom-agent')).mode & 0o777).toBe(0o755);
    expect(statSync(b.path('var/lib/wom-agent')).mode & 0o777).toBe(0o700);
    expect(readFileSync(b.path('usr/share/doc/wom-agent/agent.md'), 'utf8')).toContain('# The site agent');
    expect(readFileSync(b.path('etc/default/wom-agent'), 'utf8')).toContain(`WOM_AGENT_ARGS="--interface ${site(1).interfaceName}"`);
    const unit = readFileSync(b.path('etc/systemd/system/wom-agent.service'), 'utf8');
    expect(unit).toContain('ExecStart=/usr/local/bin/wom-agent run --state-dir /var/lib/wom-agent $WOM_AGENT_ARGS');
    for (const directive of ['AmbientCapabilities=CAP_NET_ADMIN', 'ProtectSystem=strict', 'ProtectHome=yes', 'NoNewPrivileges=yes', 'Restart=always', 'StateDirectoryMode=0700']) {
      expect(unit).toContain(directive);
    }
    // systemd-analyze looks the unit's dependencies up under --root, so the root gets this machine's units.
    cpSync('/usr/lib/systemd/system', b.path('usr/lib/systemd/system'), { recursive: true });
    const verify = spawnSync('systemd-analyze', ['verify', `--root=${b.root}`, '/etc/systemd/system/wom-agent.service'], { encoding: 'utf8', timeout: 30_000 });
    expect({ status: verify.status, output: `${verify.stdout}${verify.stderr}`.trim() }).toEqual({ status: 0, output: '' });
  });

  it('upgrades in place when run again, keeping the identity and the tunnel', async () => {
    const identity = readFileSync(box(1).path('var/lib/wom-agent/identity.json'), 'utf8');
    const before = box(1).agentPid();
    const again = await install(1, ['--wait', '30']);
    expect(again).toMatchObject({ status: 0 });
    expect(again.stdout).toContain('already enrolled');
    expectHandshake(again.stdout);
    expect(readFileSync(box(1).path('var/lib/wom-agent/identity.json'), 'utf8')).toBe(identity);
    expect(box(1).agentPid()).not.toBe(before);
    expect(await eventually(() => site(1).site.succeeds('ping', ['-c', '1', '-W', '1', '10.77.0.1']))).toBe(true);
  }, 120_000);

  it('refuses to move a box to another control plane', async () => {
    const other = await box(1).install(site(1).site.name, scriptUrl, ['--root', box(1).root, '--server', 'http://198.51.100.200:8080']);
    expect(other.status).not.toBe(0);
    expect(other.stderr).toContain(`already enrolled with another control plane (${controlPlane.url}/)`);
  }, 60_000);

  it('uninstalls: no interface, nftables table, unit or binary left; the identity only with --purge', async () => {
    const b = box(1);
    const removed = await b.install(site(1).site.name, scriptUrl, ['--root', b.root, '--uninstall']);
    expect({ status: removed.status, stderr: removed.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
    expect(removed.stdout).toContain(`interface ${site(1).interfaceName}`);
    expect(b.calls()).toContain('systemctl disable --now wom-agent.service');
    expect(b.agentPid()).toBeNull();
    expect(site(1).site.succeeds('ip', ['link', 'show', site(1).interfaceName])).toBe(false);
    expect(run('ip', ['netns', 'exec', site(1).site.name, 'nft', 'list', 'tables'])).not.toContain('wom');
    for (const path of ['usr/local/bin/wom-agent', 'etc/systemd/system/wom-agent.service', 'etc/default/wom-agent', 'usr/share/doc/wom-agent']) expect([path, existsSync(b.path(path))]).toEqual([path, false]);
    expect(existsSync(b.path('var/lib/wom-agent/identity.json'))).toBe(true);
    expect(existsSync(b.path('var/lib/wom-agent/applied.json'))).toBe(false);

    const purged = await b.install(site(1).site.name, scriptUrl, ['--root', b.root, '--uninstall', '--purge']);
    expect(purged).toMatchObject({ status: 0 });
    expect(existsSync(b.path('var/lib/wom-agent'))).toBe(false);
    // The other site keeps its tunnel interface: an uninstall touches only its own box.
    expect(site(0).site.succeeds('ip', ['link', 'show', site(0).interfaceName])).toBe(true);
  }, 120_000);
});
