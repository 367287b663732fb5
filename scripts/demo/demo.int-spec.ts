import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isManagedComment } from '@wom/renderers';
import { Client } from 'pg';
import { ControlPlaneProcess, freePort } from './control-plane-process';
import { waitFor } from './demo-api';
import { DEMO_PLAN, demoPeerNames } from './demo-plan';
import { startDemo, type RunningDemo } from './run-demo';

/**
 * The demo end to end: a built control plane as a child process on a fresh PostgreSQL
 * database, three real emulated routers, seeding and deploy-all through the public API, and
 * the router monitoring picking up the emulated tunnels' traffic.
 */

const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const REPO_ROOT = resolve(__dirname, '..', '..');

interface PeerBody { id: string; name: string; type: string; subnets: { cidr: string; natEnabled: boolean; natTranslatedCidr: string | null }[]; mikrotik: { apiStatus: string; autoDeploy: boolean; useSsl: boolean } | null }
interface ConflictBody { id: string; severity: string; overlap: string; status: string; resolution: string | null }
interface JobBody { id: string; status: string; peerId: string; jobType: string }
interface PeerStatusBody { online: boolean; lastSeen: string | null; connections: { remotePeerId: string; lastHandshake: string | null; rxBytes: number; txBytes: number }[] }

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('npm run demo, seeded against PostgreSQL', () => {
  const database = `wom_test_${randomBytes(6).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'wom-demo-test-'));
  let demo: RunningDemo;
  let peers: PeerBody[];
  const id = (name: string): string => {
    const peer = peers.find((p) => p.name === name);
    if (!peer) throw new Error(`no peer ${name}`);
    return peer.id;
  };

  beforeAll(async () => {
    ControlPlaneProcess.build(REPO_ROOT);
    await admin((client) => client.query(`CREATE DATABASE ${database}`));
    demo = await startDemo({
      repoRoot: REPO_ROOT,
      plan: DEMO_PLAN,
      port: await freePort(),
      dataDir,
      monitorIntervalSeconds: 1,
      trafficIntervalMs: 500,
      env: { DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${database}`, LOG_LEVEL: 'warn' },
    });
    peers = [...(await demo.api.get<{ items: PeerBody[] }>(`/api/wan/${demo.seeded.wanId}/peers?limit=100`)).items];
  }, 180_000);

  afterAll(async () => {
    await demo?.stop();
    await admin((client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('creates every peer of the plan, the offices as auto-deploying MikroTik routers', () => {
    expect(peers.map((p) => p.name).sort()).toEqual(demoPeerNames(DEMO_PLAN).sort());
    const offices = peers.filter((p) => p.type === 'mikrotik');
    expect(offices.map((p) => p.name).sort()).toEqual(DEMO_PLAN.offices.map((o) => o.name).sort());
    for (const office of offices) expect(office.mikrotik).toMatchObject({ autoDeploy: true });
    expect(offices.find((p) => p.name === 'office-vienna')?.mikrotik?.useSsl).toBe(true);
  });

  it('resolves the shared office LAN with a NAT translation and leaves no critical conflict open', async () => {
    const hamburg = peers.find((p) => p.name === 'office-hamburg')!.subnets[0]!;
    const berlin = peers.find((p) => p.name === 'office-berlin')!.subnets[0]!;
    expect(hamburg).toMatchObject({ cidr: '192.168.1.0/24', natEnabled: true, natTranslatedCidr: demo.seeded.natTranslation.translatedCidr });
    expect(hamburg.natTranslatedCidr).toMatch(/^172\.(1[6-9]|2\d|3[01])\.\d+\.0\/24$/);
    expect(berlin).toMatchObject({ cidr: '192.168.1.0/24', natEnabled: false, natTranslatedCidr: null });
    const open = await demo.api.get<ConflictBody[]>(`/api/wan/${demo.seeded.wanId}/conflicts`);
    expect(open.filter((c) => c.severity === 'critical')).toEqual([]);
    expect(open.filter((c) => c.overlap === '192.168.1.0/24' && c.severity === 'routing' && c.status === 'open')).toEqual([]);
    const resolved = await demo.api.get<ConflictBody[]>(`/api/wan/${demo.seeded.wanId}/conflicts?status=resolved`);
    expect(resolved).toEqual([expect.objectContaining({ overlap: '192.168.1.0/24', resolution: 'nat-translate' })]);
  });

  it('publishes both services with shared addresses', async () => {
    const { items: services } = await demo.api.get<{ items: { name: string; sharedIp: string; sharedPort: number }[] }>(`/api/wan/${demo.seeded.wanId}/services`);
    expect(services.map((s) => s.name).sort()).toEqual(DEMO_PLAN.services.map((s) => s.name).sort());
    for (const service of services) expect(service.sharedIp).toMatch(/^10\.0\.5\.\d+$/);
  });

  it('deploys every router through deploy-all, leaving its managed rows on the emulator and nothing left to change', async () => {
    const { summary, jobs } = demo.deployment;
    expect(summary.total).toBe(DEMO_PLAN.offices.length);
    expect(summary.succeeded.map((line) => line.peerName).sort()).toEqual(DEMO_PLAN.offices.map((o) => o.name).sort());
    for (const job of jobs) expect((await demo.api.get<JobBody>(`/api/jobs/${job.id}`)).status).toBe('completed');
    for (const { office, router } of demo.offices.running) {
      const rows = router.snapshot();
      const managed = (menu: string) => (rows[menu] ?? []).filter((row) => isManagedComment(row['comment']));
      expect(managed('/interface/wireguard')).toHaveLength(1);
      expect(managed('/interface/wireguard/peers').length).toBeGreaterThan(0);
      expect(managed('/ip/address').length).toBeGreaterThan(0);
      expect(managed('/ip/route').length).toBeGreaterThan(0);
      // The customer's own configuration stays as it was (the branch-office scenario's port forward).
      expect(rows['/ip/firewall/nat']?.find((row) => row['.id'] === '*31')).toMatchObject({ 'dst-port': '8443', comment: 'port forward to NAS' });
      const diff = await demo.api.get<{ summary: Record<string, number> }>(`/api/peers/${id(office.name)}/mikrotik/diff`);
      expect(diff.summary).toMatchObject({ create: 0, update: 0, delete: 0 });
    }
    // The translated office and the service host need NAT rules of their own.
    for (const name of ['office-hamburg', 'office-vienna']) {
      const nat = demo.offices.running.find((o) => o.office.name === name)!.router.snapshot()['/ip/firewall/nat'] ?? [];
      expect(nat.filter((row) => isManagedComment(row['comment'])).length).toBeGreaterThan(0);
    }
  });

  it('shows live handshakes and moving counters once the monitor has read the routers', async () => {
    const hubId = id('hub');
    const read = () => demo.api.get<PeerStatusBody>(`/api/peers/${hubId}/status`);
    const first = await waitFor('the hub online with a handshake', async () => {
      const status = await read();
      return status.online && status.connections.some((c) => c.lastHandshake !== null && c.rxBytes > 0) ? status : undefined;
    }, 20_000);
    const handshake = first.connections.find((c) => c.lastHandshake !== null)!;
    expect(Date.now() - Date.parse(handshake.lastHandshake!)).toBeLessThan(180_000);
    await waitFor('the counters to grow', async () => {
      const later = (await read()).connections.find((c) => c.remotePeerId === handshake.remotePeerId);
      return later && later.rxBytes > handshake.rxBytes && later.txBytes > handshake.txBytes;
    }, 20_000);
    const routers = await Promise.all(DEMO_PLAN.offices.map((o) => demo.api.get<PeerStatusBody>(`/api/peers/${id(o.name)}/status`)));
    expect(routers.every((r) => r.online)).toBe(true);
  }, 60_000);
});
