import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ControlPlane, freePort, REPO } from './harness';

/** A control plane (embedded database) whose WAN holds `peers` peers, plus jobs and audit entries to list. */
export interface SeededFleet {
  readonly plane: ControlPlane;
  readonly wanId: string;
  /** Names of the routers the seeded jobs ran on. */
  readonly jobRouters: readonly string[];
  stop(): Promise<void>;
}

export const FLEET_TYPES = ['mikrotik', 'server', 'client', 'generic-router'] as const;
export const peerName = (i: number) => `site-${String(i).padStart(5, '0')}`;

/**
 * The product has no bulk import, and thousands of single creates would take minutes, so the
 * WAN is made through the API, the control plane stopped, the rows written into its embedded
 * database in one transaction, and the control plane started again on the same data.
 * Peer i is `site-0000i`, of type FLEET_TYPES[i % 4], online when i % 3 = 0.
 */
export async function seedFleet(peers: number): Promise<SeededFleet> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wom-fleet-'));
  const env = { AUTH_MODE: 'single-user', DATA_DIR: dataDir };
  const first = new ControlPlane(await freePort(), await freePort(), env);
  let wanId: string;
  try {
    await first.start();
    wanId = (await first.api<{ id: string }>('POST', '/api/wan', { name: 'fleet', topologyType: 'hub-spoke', tunnelIpRange: '10.64.0.0/16' })).id;
  } finally {
    await first.stop();
  }
  const sqlFile = join(dataDir, 'seed.sql');
  writeFileSync(sqlFile, seedSql(wanId, peers));
  const seeded = spawnSync(process.execPath, [join(REPO, 'ui', 'e2e', 'pglite-exec.mjs'), dataDir, sqlFile], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
  if (seeded.status !== 0) throw new Error(`seeding the embedded database failed: ${seeded.stderr}`);
  const plane = new ControlPlane(await freePort(), await freePort(), env);
  await plane.start();
  return {
    plane,
    wanId,
    jobRouters: [peerName(4), peerName(8), peerName(12)],
    stop: async () => {
      await plane.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function seedSql(wanId: string, peers: number): string {
  if (!/^[0-9a-f-]{36}$/.test(wanId)) throw new Error(`unexpected WAN id ${wanId}`);
  return `
BEGIN;
INSERT INTO peer (wan_id, name, type, tunnel_ip, is_online, last_seen, created_at, updated_at)
  SELECT '${wanId}', 'site-' || lpad(i::text, 5, '0'), (ARRAY['mikrotik', 'server', 'client', 'generic-router'])[1 + i % 4], '10.64.0.0'::inet + i,
         i % 3 = 0, CASE WHEN i % 3 = 0 THEN now() - i * interval '1 second' END, now() + i * interval '1 millisecond', now()
    FROM generate_series(1, ${Math.floor(peers)}) AS i;
INSERT INTO deployment_job (peer_id, wan_id, job_type, status, attempt, progress_percent, created_at, updated_at, started_at, completed_at)
  SELECT id, wan_id, 'deploy-config', 'completed', 1, 100, now() - interval '1 hour', now() - interval '1 hour', now() - interval '1 hour', now() - interval '59 minutes'
    FROM peer WHERE wan_id = '${wanId}' AND name IN ('${peerName(4)}', '${peerName(8)}', '${peerName(12)}');
INSERT INTO audit_log (at, actor_type, actor_name, action, resource_type, resource_id, wan_id, before, after) VALUES
  ('2025-02-10T03:00:00Z', 'user', 'night-shift', 'router-config.push', 'router', 'legacy-7', '${wanId}', NULL, '{"site": "Lyon-Core"}'),
  ('2025-03-10T03:00:00Z', 'user', 'night-shift', 'maintenance.window', 'maintenance', NULL, '${wanId}', '{"site": "Paris-Edge", "window": "02:00"}', '{"site": "Paris-Edge", "window": "03:00"}'),
  ('2025-04-10T03:00:00Z', 'user', 'day-shift', 'maintenance.window', 'maintenance', NULL, '${wanId}', NULL, '{"site": "Lyon-Core"}');
COMMIT;
`;
}
