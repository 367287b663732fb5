import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoggerService } from '@nestjs/common';
import request from 'supertest';
import { AuditLogEntity } from '../src/database/entities';
import { DISCLOSURE_ALLOWED, DISCLOSURE_REFUSED } from '../src/configs/private-key-disclosure.policy';
import { startMultiUserApp, type MultiUserTestApp } from './harness/test-app';
import { WireguardInterface, wgPublicKey } from './harness/wireguard-interface';

const ROUTER_KEY = 'xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=';
/** Documentation addresses for the endpoints' names, so `wg setconf` resolves them offline. */
const HOSTS = { 'hub.example.com': '203.0.113.10', 'branch.example.com': '203.0.113.20' };

class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];
  private keep = (...args: unknown[]) => void this.lines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
  log = this.keep;
  error = this.keep;
  warn = this.keep;
  debug = this.keep;
  verbose = this.keep;
  fatal = this.keep;
}

const binary = (res: request.Response, callback: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};

/**
 * What a laptop or phone gets: an admin's download of a server-keyed peer imports directly
 * (real wg-quick and wg), and is audited; an operator or read-only user gets the file
 * without the key and a line saying why; agent and router peers say their key stays on the device.
 */
describe('Config downloads for laptops and phones (real PostgreSQL, wg and wireguard-go)', () => {
  let t: MultiUserTestApp;
  let workDir: string;
  let wanId: string;
  const ids: Record<string, string> = {};
  const publicKeys: Record<string, string> = {};
  const logs = new CapturingLogger();
  const as: Record<'admin' | 'reader', Record<string, string>> = { admin: {}, reader: {} };
  const api = () => request(t.http);
  const disclosed: string[] = [];

  beforeAll(async () => {
    for (const tool of ['wg', 'wg-quick', 'wireguard-go', 'unzip']) execFileSync('which', [tool]);
    workDir = mkdtempSync(join(tmpdir(), 'wom-downloads-'));
    t = await startMultiUserApp({ WOM_MASTER_KEY: 'b'.repeat(64) });
    t.app.useLogger(logs);
    const first = await api().post('/api/auth/login').send({ username: 'admin', password: t.bootstrapPassword }).expect(200);
    await api().post('/api/auth/password').set({ Authorization: `Bearer ${first.body.accessToken}` }).send({ currentPassword: t.bootstrapPassword, newPassword: 'downloads-admin-1' }).expect(204);
    as.admin = { Authorization: `Bearer ${(await api().post('/api/auth/login').send({ username: 'admin', password: 'downloads-admin-1' }).expect(200)).body.accessToken}` };
    await api().post('/api/users').set(as.admin).send({ username: 'noc-reader', password: 'noc-reader-pass-1', role: 'read-only', mustChangePassword: false }).expect(201);
    as.reader = { Authorization: `Bearer ${(await api().post('/api/auth/login').send({ username: 'noc-reader', password: 'noc-reader-pass-1' }).expect(200)).body.accessToken}` };

    wanId = (await api().post('/api/wan').set(as.admin).send({ name: 'downloads', topologyType: 'hub-spoke' }).expect(201)).body.id;
    const create = async (body: object) => (await api().post(`/api/wan/${wanId}/peers`).set(as.admin).send(body).expect(201)).body;
    for (const [name, body] of Object.entries({
      hub: { name: 'hub', type: 'hub', endpoint: 'hub.example.com:51820', listenPort: 51820, subnets: [{ cidr: '192.168.10.0/24' }] },
      laptop: { name: 'alice laptop', type: 'client' },
      agent: { name: 'agent-box', type: 'server', deploymentMode: 'agent' },
      router: { name: 'branch-mt', type: 'mikrotik', deploymentMode: 'mikrotik-script', endpoint: 'branch.example.com:13231', publicKey: ROUTER_KEY, subnets: [{ cidr: '192.168.20.0/24' }] },
    })) {
      const peer = await create(body);
      ids[name] = peer.id;
      publicKeys[name] = peer.publicKey;
    }
  });
  afterAll(async () => {
    await t?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  const auditRows = (action: string) => t.database.manager.find(AuditLogEntity, { where: { action } });

  it("gives an admin the laptop's wg-quick file with its private key, which wg-quick strip and wg setconf load as is", async () => {
    const res = await api().get(`/api/peers/${ids['laptop']}/config?includePrivateKey=true`).set(as.admin).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const privateKey = /^PrivateKey = (\S+)$/m.exec(res.text)?.[1];
    expect(privateKey).toBeDefined();
    disclosed.push(privateKey!);
    expect(wgPublicKey(privateKey!)).toBe(publicKeys['laptop']);
    const wg = await WireguardInterface.start(HOSTS);
    try {
      wg.load(workDir, res.text);
      expect(wg.exec('wg', ['show', wg.name, 'public-key']).trim()).toBe(publicKeys['laptop']);
      expect(wg.exec('wg', ['show', wg.name, 'peers']).trim()).toBe(publicKeys['hub']);
      expect(wg.exec('wg', ['show', wg.name, 'endpoints'])).toContain('203.0.113.10:51820');
    } finally {
      await wg.stop();
    }
  }, 60_000);

  it('audits every disclosure: who, which peer and what for, never the key', async () => {
    await api().get(`/api/peers/${ids['laptop']}/config/qr`).set(as.admin).buffer(true).parse(binary).expect(200);
    const zip = await api().get(`/api/peers/${ids['laptop']}/export?includePrivateKeys=true`).set(as.admin).buffer(true).parse(binary).expect(200);
    writeFileSync(join(workDir, 'laptop.zip'), zip.body as Buffer);
    const zipped = execFileSync('unzip', ['-p', join(workDir, 'laptop.zip'), 'alice-laptop/wg-wan-overlay.conf'], { encoding: 'utf8' });
    expect(zipped).toMatch(/^PrivateKey = \S+$/m);
    const rows = await auditRows(DISCLOSURE_ALLOWED);
    expect(rows.map((row) => [row.actorName, row.resourceId, row.wanId, row.after?.['purpose']]).sort()).toEqual(
      [
        ['admin', ids['laptop'], wanId, 'config'],
        ['admin', ids['laptop'], wanId, 'peer-export'],
        ['admin', ids['laptop'], wanId, 'qr'],
      ].sort(),
    );
    expect(JSON.stringify(rows)).not.toContain(disclosed[0]);
  });

  it('gives a read-only user the file without the key and a line saying why, and refuses the key itself', async () => {
    const plain = await api().get(`/api/peers/${ids['laptop']}/config`).set(as.reader).expect(200);
    expect(plain.text).not.toMatch(/^PrivateKey/m);
    expect(plain.text).toMatch(/^# PrivateKey: withheld\. Only an admin may download this private key/m);
    expect(plain.text).not.toContain(disclosed[0]);
    const refused = await api().get(`/api/peers/${ids['laptop']}/config?includePrivateKey=true`).set(as.reader).expect(403);
    expect(refused.body.message ?? refused.body.detail ?? refused.text).toMatch(/Only an admin may download a private key/);
    expect(refused.text).not.toContain(disclosed[0]);
    await api().get(`/api/peers/${ids['laptop']}/config/qr`).set(as.reader).expect(403);
    await api().get(`/api/wan/${wanId}/export?includePrivateKeys=true`).set(as.reader).expect(403);
    const zip = await api().get(`/api/wan/${wanId}/export`).set(as.reader).buffer(true).parse(binary).expect(200);
    writeFileSync(join(workDir, 'reader.zip'), zip.body as Buffer);
    const laptop = execFileSync('unzip', ['-p', join(workDir, 'reader.zip'), 'alice-laptop/wg-wan-overlay.conf'], { encoding: 'utf8' });
    expect(laptop).toMatch(/^# PrivateKey: withheld\./m);
    expect(laptop).not.toContain(disclosed[0]);
    const refusals = await auditRows(DISCLOSURE_REFUSED);
    expect(refusals.map((row) => [row.actorName, row.after?.['purpose']]).sort()).toEqual([
      ['noc-reader', 'config'],
      ['noc-reader', 'qr'],
      ['noc-reader', 'wan-export'],
    ]);
  });

  it("tells an admin who asked without the key how to get it, in a file wg-quick strip still accepts", async () => {
    const plain = await api().get(`/api/peers/${ids['laptop']}/config`).set(as.admin).expect(200);
    expect(plain.text).toMatch(/^# PrivateKey: not included\. Download the configuration with its private key \(admins only, audited\)/m);
    expect(execFileSync('wg-quick', ['strip', writeConf('plain', plain.text)], { encoding: 'utf8' })).toContain('[Peer]');
  });

  it.each([
    ['agent', /^# PrivateKey: kept on the device\. Its agent generated this peer's key there/m],
    ['router', /^# PrivateKey: kept on the router\. The router generated its own key/m],
  ])("says plainly that the %s peer's key stays on the device, even when an admin asks for it", async (peer, note) => {
    const before = (await auditRows(DISCLOSURE_ALLOWED)).length;
    const res = await api().get(`/api/peers/${ids[peer]}/config?includePrivateKey=true`).set(as.admin).expect(200);
    expect(res.text).toMatch(note);
    expect(res.text).not.toMatch(/^PrivateKey/m);
    expect(execFileSync('wg-quick', ['strip', writeConf(peer, res.text)], { encoding: 'utf8' })).toContain('[Peer]');
    // Nothing was disclosed, so nothing is audited as disclosed.
    expect((await auditRows(DISCLOSURE_ALLOWED)).length).toBe(before);
  });

  it('never writes a disclosed key to the logs', () => {
    expect(logs.lines.some((line) => line.includes('private key disclosure allowed: purpose=config'))).toBe(true);
    expect(disclosed.length).toBeGreaterThan(0);
    for (const key of disclosed) expect(logs.lines.join('\n')).not.toContain(key);
  });

  function writeConf(name: string, text: string): string {
    const dir = mkdtempSync(join(workDir, `${name}-`));
    const file = join(dir, 'wg-wan-overlay.conf');
    writeFileSync(file, text, { mode: 0o600 });
    return file;
  }
});
