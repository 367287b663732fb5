import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUser } from '@nats-io/nkeys';
import { generateKeyPair } from '@wom/domain';
import { selfSignedCertificate } from '@wom/routeros';
import type { InstallerRun } from '../support/box';
import { Box } from '../support/box';
import { hostOnInternet, type HostLink } from '../support/host-link';
import { privilegedSkipReason, requireTools, run } from '../support/netns';
import type { ControlPlane } from '../support/processes';
import { buildAll, createDatabase, startControlPlane } from '../support/processes';
import type { Proxy } from '../support/proxy';
import { startProxy } from '../support/proxy';
import { SiteLab } from '../support/site-lab';

/**
 * Every way the installer can be refused, as a site admin would meet it: each ends with one
 * sentence naming the cause and the fix, a non-zero exit, and nothing installed (no binary,
 * no unit, no identity). The one that can be fixed on the spot (a certificate the box does not
 * trust, with --ca-cert) is then carried through to a running agent over HTTPS, and so is a
 * control plane serving its own self-signed certificate, with the pin its install command carries.
 */

const skip = privilegedSkipReason();
if (skip !== null) console.warn(`Skipping the installer refusals spec: ${skip}.`);
const describePrivileged = skip === null ? describe : describe.skip;

// Its own internet range: the other suites that share the host's namespace use the others.
const HOST_IP = '203.0.113.254';
const NOWHERE = 'http://203.0.113.253:8080';
const INSTALLED = ['usr/local/bin/wom-agent', 'etc/systemd/system/wom-agent.service', 'etc/default/wom-agent', 'var/lib/wom-agent'];

describePrivileged('the agent installer refuses, clearly and cleanly', () => {
  let lab: SiteLab;
  let host: HostLink | undefined;
  let database: ReturnType<typeof createDatabase> | undefined;
  let controlPlane: ControlPlane;
  let workDir: string;
  let wanId: string;
  const boxes: Box[] = [];
  const proxies: Proxy[] = [];
  const netns = () => lab.sites[0]!.site.name;

  const newBox = (options?: ConstructorParameters<typeof Box>[0]) => {
    const box = new Box(options);
    boxes.push(box);
    return box;
  };
  /** A token that creates a new peer on enrollment. */
  const token = async (): Promise<{ id: string; token: string }> => controlPlane.api('POST', '/enrollment-tokens', { wanId, nameTemplate: 'box-{n}', maxUses: 1 });
  /** The script always comes from the control plane itself; `server` is where it is told to fetch the rest. */
  const installWith = (box: Box, args: readonly string[], options: { server?: string; asUser?: number } = {}) =>
    box.install(netns(), `${controlPlane.url}/install/agent.sh`, ['--root', box.root, ...(options.server ? ['--server', options.server] : []), ...args], options);

  function expectRefused(box: Box, result: InstallerRun, sentence: RegExp): void {
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 1, stderr: expect.stringMatching(sentence) });
    for (const path of INSTALLED) expect([path, existsSync(box.path(path))]).toEqual([path, false]);
  }

  beforeAll(async () => {
    requireTools([
      ['psql', 'postgresql-client'],
      ['nats-server', 'nats-server'],
      ['curl', 'curl'],
      ['setpriv', 'util-linux'],
      ['openssl', 'openssl'],
    ]);
    await buildAll();
    workDir = mkdtempSync(join(tmpdir(), 'wom-install-refusals-'));
    lab = SiteLab.create(1, new Map(), '203.0.113');
    host = hostOnInternet(lab.internet, `${HOST_IP}/24`);
    database = createDatabase();
    controlPlane = await startControlPlane(database.url, workDir, { host: HOST_IP });
    wanId = (await controlPlane.api<{ id: string }>('POST', '/wan', { name: 'refusals', topologyType: 'mesh', tunnelIpRange: '10.78.0.0/24' })).id;
  }, 600_000);

  afterAll(async () => {
    boxes.forEach((box) => box.dispose());
    await Promise.all(proxies.map((proxy) => proxy.close()));
    lab?.dispose();
    host?.dispose();
    await controlPlane?.process.stop();
    database?.drop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  }, 60_000);

  it('an unknown token', async () => {
    const box = newBox();
    expectRefused(box, await installWith(box, ['--token', 'wom_et_thisTokenWasNeverMade0000000000000']), /ENROLLMENT\.TOKEN_INVALID.*not valid.*nothing was installed/s);
  }, 120_000);

  it('a token that was used up', async () => {
    const { token: secret } = await token();
    const nats = createUser();
    await controlPlane.api('POST', '/agents/enroll', { token: secret, wireguardPublicKey: generateKeyPair().publicKey, natsPublicKey: nats.getPublicKey(), hostname: 'elsewhere' });
    const box = newBox();
    expectRefused(box, await installWith(box, ['--token', secret]), /ENROLLMENT\.TOKEN_USED.*used 1 of 1/s);
  }, 120_000);

  it('an expired token', async () => {
    const { id, token: secret } = await token();
    run('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', new URL(database!.url).pathname.slice(1), '-c', `UPDATE enrollment_token SET expires_at = now() - interval '1 minute' WHERE id = '${id}'`]);
    const box = newBox();
    expectRefused(box, await installWith(box, ['--token', secret]), /ENROLLMENT\.TOKEN_EXPIRED.*expired at/s);
  }, 120_000);

  it('a revoked token', async () => {
    const { id, token: secret } = await token();
    await controlPlane.api('DELETE', `/enrollment-tokens/${id}`);
    const box = newBox();
    expectRefused(box, await installWith(box, ['--token', secret]), /ENROLLMENT\.TOKEN_REVOKED.*revoked at/s);
  }, 120_000);

  it('a control plane that cannot be reached', async () => {
    const box = newBox();
    expectRefused(box, await installWith(box, ['--token', (await token()).token, '--server', NOWHERE]), /cannot reach the control plane at http:\/\/203\.0\.113\.253:8080\. Check the address/);
  }, 120_000);

  it('a download altered on the way fails its checksum', async () => {
    const tamper = await startProxy({
      host: HOST_IP,
      target: controlPlane.url,
      rewrite: { path: '/install/wom-agent-linux-x64', body: (original) => Buffer.concat([original.subarray(0, 4096), Buffer.from('tampered'), original.subarray(4104)]) },
    });
    proxies.push(tamper);
    const box = newBox();
    expectRefused(box, await installWith(box, ['--token', (await token()).token], { server: tamper.url }), /does not match its checksum \(expected [0-9a-f]{64}, got [0-9a-f]{64}\).*Nothing was installed/);
  }, 120_000);

  it('not root', async () => {
    const box = newBox();
    expectRefused(box, await installWith(box, ['--token', (await token()).token], { asUser: 65534 }), /run it as root.*\| sudo sh -s -- --token/);
  }, 120_000);

  it('a distribution it does not know, missing tools', async () => {
    const box = newBox({ os: 'alpine', without: ['wg', 'nft'] });
    expectRefused(box, await installWith(box, ['--token', (await token()).token]), /this box runs "alpine".*Install these with your package manager.*: wireguard-tools nftables$/m);
  }, 120_000);

  it.each([
    ['debian', 'apt-get install -y -qq --no-install-recommends wireguard-tools procps'],
    ['rocky', 'dnf install -y -q wireguard-tools procps-ng'],
  ] as const)('on %s it installs exactly the missing packages', async (os, expected) => {
    const box = newBox({ os, without: ['wg', 'sysctl'], stubPackageManagers: true });
    // An unreachable server stops it right after the package step, before anything is installed.
    const result = await installWith(box, ['--token', 'unused', '--server', NOWHERE]);
    expectRefused(box, result, /cannot reach the control plane/);
    expect(box.calls().filter((call) => !call.startsWith('systemctl'))).toEqual([...(os === 'debian' ? ['apt-get update -qq'] : []), expected]);
  }, 120_000);

  it('a certificate the box does not trust; with --ca-cert the same install goes through', async () => {
    const certificate = selfSignedCertificate(1, HOST_IP);
    const tls = await startProxy({ host: HOST_IP, target: controlPlane.url, tls: certificate });
    proxies.push(tls);
    const caFile = join(workDir, 'control-plane-ca.pem');
    writeFileSync(caFile, certificate.cert);
    const { token: secret } = await token();

    const untrusted = newBox();
    expectRefused(untrusted, await installWith(untrusted, ['--token', secret], { server: tls.url }), /presented a certificate this box does not trust.*--ca-cert FILE/);

    const trusted = newBox();
    const result = await installWith(trusted, ['--token', secret, '--ca-cert', caFile, '--interface', lab.sites[0]!.interfaceName, '--wait', '0'], { server: tls.url });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    expect(result.stdout).toMatch(/enrolled as box-1/);
    const removed = await installWith(trusted, ['--uninstall', '--purge'], { server: tls.url });
    expect(removed.status).toBe(0);
  }, 180_000);

  it('a self-signed control plane: its install command pins the key and goes through; a wrong pin is refused', async () => {
    // A second control plane on the same address, serving HTTPS with the certificate it generates.
    const secureDatabase = createDatabase();
    const secureDir = mkdtempSync(join(tmpdir(), 'wom-install-pinned-'));
    const secure = await startControlPlane(secureDatabase.url, secureDir, { host: HOST_IP, tls: true });
    try {
      expect(secure.url).toMatch(/^https:/);
      expect(secure.process.output).toMatch(/self-signed certificate .* SHA-256 fingerprint [0-9a-f]{64}; public-key pin sha256\/\//);
      const pin = secure.pin!;
      const secureWan = (await secure.api<{ id: string }>('POST', '/wan', { name: 'pinned', topologyType: 'mesh', tunnelIpRange: '10.79.0.0/24' })).id;
      const created = await secure.api<{ token: string; installCommand: string }>('POST', '/enrollment-tokens', { wanId: secureWan, nameTemplate: 'pinned-{n}', maxUses: 1 });
      expect(created.installCommand).toBe(`curl -fsSLk --pinnedpubkey ${pin} ${secure.url}/install/agent.sh | sudo sh -s -- --token ${created.token} --pin ${pin}`);
      const scriptUrl = `${secure.url}/install/agent.sh`;

      // The right script fetched past the wrong key: the installer checks its pin before it changes anything.
      const wrongPin = `sha256//${Buffer.alloc(32, 7).toString('base64')}`;
      const fooled = newBox();
      const refused = await fooled.install(netns(), scriptUrl, ['--root', fooled.root, '--token', created.token, '--pin', wrongPin], { curlOptions: ['-k'] });
      expectRefused(fooled, refused, /presented a key that does not match the pin sha256\/\/.*Nothing was installed\.\n$/);
      expect(refused.stderr.trim().split('\n')).toHaveLength(1);

      // The command as the console shows it: curl pinned to the key, the installer told the pin.
      const box = newBox();
      const result = await box.install(netns(), scriptUrl, ['--root', box.root, '--token', created.token, '--pin', pin, '--interface', lab.sites[0]!.interfaceName, '--wait', '0'], {
        curlOptions: ['-k', '--pinnedpubkey', pin],
      });
      expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
      expect(result.stdout).toMatch(/enrolled as pinned-1/);
      expect(JSON.parse(readFileSync(box.path('var/lib/wom-agent/identity.json'), 'utf8'))).toMatchObject({ server: `${secure.url}/`, serverPin: pin });
      expect((await installWith(box, ['--uninstall', '--purge'], { server: secure.url })).status).toBe(0);
    } finally {
      await secure.process.stop();
      secureDatabase.drop();
      rmSync(secureDir, { recursive: true, force: true });
    }
  }, 240_000);
});
