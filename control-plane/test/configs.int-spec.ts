import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoggerService } from '@nestjs/common';
import request from 'supertest';
import { startTestApp, type TestApp } from './harness/test-app';

const MASTER_KEY = 'a'.repeat(64);
const ROUTER_KEY = 'xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=';

/** Every line the app logs through Nest's logger, whatever the level. */
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

function requireTool(tool: string): void {
  try {
    execFileSync('which', [tool], { stdio: 'pipe' });
  } catch {
    throw new Error(`This spec needs "${tool}" on PATH (apt-get install wireguard-tools unzip).`);
  }
}

const binary = (res: request.Response, callback: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};

describe('Keys, configs, QR and exports (real PostgreSQL)', () => {
  let t: TestApp;
  let wanId: string;
  const ids: Record<string, string> = {};
  const logs = new CapturingLogger();
  let workDir: string;

  beforeAll(async () => {
    requireTool('wg-quick');
    requireTool('unzip');
    workDir = mkdtempSync(join(tmpdir(), 'wom-configs-'));
    t = await startTestApp({ WOM_MASTER_KEY: MASTER_KEY });
    t.app.useLogger(logs);
    wanId = (await api().post('/api/wan').send({ name: 'configs', topologyType: 'mesh' }).expect(201)).body.id;
    const create = async (body: object) => (await api().post(`/api/wan/${wanId}/peers`).send(body).expect(201)).body;
    const hub = await create({ name: 'hub', type: 'hub', endpoint: 'hub.example.com:51820', listenPort: 51820, subnets: [{ cidr: '192.168.10.0/24' }] });
    const laptop = await create({ name: 'alice laptop', type: 'client' });
    const router = await create({ name: 'branch-mt', type: 'mikrotik', deploymentMode: 'mikrotik-script', endpoint: 'branch.example.com:13231', publicKey: ROUTER_KEY, subnets: [{ cidr: '192.168.20.0/24' }] });
    const agent = await create({ name: 'agent-host', type: 'server', deploymentMode: 'agent' });
    Object.assign(ids, { hub: hub.id, laptop: laptop.id, router: router.id, agent: agent.id });
    expect(hub).toMatchObject({ hasPrivateKey: true, publicKey: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/) });
    expect(laptop).toMatchObject({ hasPrivateKey: true });
    expect(router).toMatchObject({ hasPrivateKey: false, publicKey: ROUTER_KEY });
    expect(agent).toMatchObject({ hasPrivateKey: false, publicKey: null });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  const api = () => request(t.http);
  const privateKeyOf = async (peerId: string): Promise<string> => {
    const text = (await api().get(`/api/peers/${peerId}/config?includePrivateKey=true`).expect(200)).text;
    return /^PrivateKey = (\S+)$/m.exec(text)![1]!;
  };

  it('keeps private keys out of every response, sealed in the database, and out of the logs', async () => {
    const key = await privateKeyOf(ids['hub']!);
    expect(key).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    const responses = [
      await api().get(`/api/peers/${ids['hub']}`).expect(200),
      await api().get(`/api/wan/${wanId}/peers`).expect(200),
      await api().get(`/api/peers/${ids['hub']}/config`).expect(200),
      await api().post(`/api/wan/${wanId}/regenerate-all`).expect(200),
      await api().get(`/api/peers/${ids['hub']}/history`).expect(200),
    ];
    for (const res of responses) expect(res.text).not.toContain(key);
    const sealed = await t.database.manager.query('SELECT private_key FROM peer WHERE id = $1', [ids['hub']]);
    expect(sealed[0].private_key).toMatch(/^v1:/);
    const dump = await t.database.manager.query(
      `SELECT string_agg(t::text, E'\\n') AS all FROM (SELECT row_to_json(p)::text AS t FROM peer p UNION ALL SELECT row_to_json(h)::text FROM configuration_history h UNION ALL SELECT row_to_json(s)::text FROM state_change s UNION ALL SELECT row_to_json(a)::text FROM audit_log a) rows`,
    );
    expect(dump[0].all).not.toContain(key);
    expect(logs.lines.some((line) => line.includes('private key disclosure allowed: purpose=config'))).toBe(true);
    expect(logs.lines.join('\n')).not.toContain(key);
  });

  it('renders wg-quick text without the key by default, with the right [Peer] sections, and wg-quick strip accepts it', async () => {
    const res = await api().get(`/api/peers/${ids['laptop']}/config`).expect(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="alice-laptop-wg-wan-overlay\.conf"/);
    expect(res.text).not.toMatch(/^PrivateKey =/m);
    const hub = (await api().get(`/api/peers/${ids['hub']}`).expect(200)).body;
    const sections = res.text.split('[Peer]').slice(1);
    expect(sections).toHaveLength(2); // the hub and the router; the agent has no public key yet
    expect(res.text).toContain(`PublicKey = ${hub.publicKey}`);
    expect(res.text).toContain(`PublicKey = ${ROUTER_KEY}`);
    expect(res.text).toMatch(/AllowedIPs = .*192\.168\.10\.0\/24/);
    for (const [name, text] of [['without-key', res.text], ['with-key', (await api().get(`/api/peers/${ids['laptop']}/config?includePrivateKey=true`).expect(200)).text]] as const) {
      const dir = join(workDir, name);
      execFileSync('mkdir', ['-p', dir]);
      const file = join(dir, 'wg-wan-overlay.conf');
      writeFileSync(file, text);
      chmodSync(file, 0o600);
      const stripped = execFileSync('wg-quick', ['strip', file], { encoding: 'utf8' });
      expect(stripped).toContain('[Peer]');
    }
  });

  it('rejects a malformed includePrivateKey', async () => {
    const res = await api().get(`/api/peers/${ids['laptop']}/config?includePrivateKey=yes`).expect(400);
    expect(res.body.code).toBe('VALIDATION.FAILED');
  });

  it('serves the RouterOS script', async () => {
    const res = await api().get(`/api/peers/${ids['router']}/config/mikrotik-script`).expect(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['content-disposition']).toContain('filename="branch-mt.rsc"');
    expect(res.text).toContain('# WAN-Overlay-Manager: branch-mt');
  });

  it('serves the QR code as PNG and SVG', async () => {
    const png = await api().get(`/api/peers/${ids['laptop']}/config/qr`).buffer(true).parse(binary).expect(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect((png.body as Buffer).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const svg = await api().get(`/api/peers/${ids['laptop']}/config/qr?format=svg`).expect(200);
    expect(svg.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(svg.headers['content-disposition']).toMatch(/^inline; filename="alice-laptop-qr\.svg"/);
    expect(String(svg.text ?? svg.body)).toContain('<svg');
    await api().get(`/api/peers/${ids['laptop']}/config/qr?format=gif`).expect(400);
  });

  it('exports one peer and the whole WAN as ZIPs', async () => {
    const listing = async (url: string, name: string): Promise<string[]> => {
      const res = await api().get(url).buffer(true).parse(binary).expect(200);
      expect(res.headers['content-type']).toBe('application/zip');
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="[A-Za-z0-9._-]+\.zip"/);
      const file = join(workDir, name);
      writeFileSync(file, res.body as Buffer);
      return execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).trim().split('\n');
    };
    expect(await listing(`/api/peers/${ids['laptop']}/export`, 'peer.zip')).toEqual(['README.md', 'alice-laptop/wg-wan-overlay.conf']);
    const wan = await listing(`/api/wan/${wanId}/export`, 'wan.zip');
    expect(wan).toEqual(
      expect.arrayContaining([
        'README.md',
        'hub/wg-wan-overlay.conf',
        'hub/wom-nftables.nft',
        'alice-laptop/wg-wan-overlay.conf',
        'branch-mt/wg-wan-overlay.conf',
        'branch-mt/wg-wan-overlay.rsc',
        'agent-host/wg-wan-overlay.conf',
        'agent-host/wom-nftables.nft',
      ]),
    );
    const readme = execFileSync('unzip', ['-p', join(workDir, 'wan.zip'), 'README.md'], { encoding: 'utf8' });
    expect(readme).toContain('alice laptop');
    const hubConf = execFileSync('unzip', ['-p', join(workDir, 'wan.zip'), 'hub/wg-wan-overlay.conf'], { encoding: 'utf8' });
    expect(hubConf).not.toMatch(/^PrivateKey =/m);
    await listing(`/api/wan/${wanId}/export?includePrivateKeys=true`, 'wan-keys.zip');
    const withKey = execFileSync('unzip', ['-p', join(workDir, 'wan-keys.zip'), 'hub/wg-wan-overlay.conf'], { encoding: 'utf8' });
    expect(withKey).toMatch(/^PrivateKey = \S+$/m);
  });

  it('regenerates keys of config-file peers only, and queues every peer of the WAN', async () => {
    const before = (await api().get(`/api/peers/${ids['laptop']}`).expect(200)).body.publicKey;
    const [changes] = await t.database.manager.query('SELECT count(*)::int AS n FROM state_change');
    const res = await api().post(`/api/peers/${ids['laptop']}/regenerate-keys`).expect(200);
    expect(res.body.publicKey).not.toBe(before);
    expect(res.body.affectedPeerIds).toHaveLength(4);
    expect(JSON.stringify(res.body)).not.toMatch(/privateKey"/);
    const [after] = await t.database.manager.query('SELECT count(*)::int AS n FROM state_change');
    expect(after.n).toBe(changes.n + 1);
    const hubConfig = (await api().get(`/api/peers/${ids['hub']}/config`).expect(200)).text;
    expect(hubConfig).toContain(`PublicKey = ${res.body.publicKey}`);
    for (const id of [ids['router'], ids['agent']]) {
      expect((await api().post(`/api/peers/${id}/regenerate-keys`).expect(409)).body.code).toBe('PEER.KEY_MANAGED_BY_DEVICE');
    }
    await api().post('/api/peers/00000000-0000-4000-8000-000000000000/regenerate-keys').expect(404);
  });
});
