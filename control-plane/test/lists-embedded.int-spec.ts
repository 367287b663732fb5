import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createApp } from '../src/app.factory';
import { loadAppConfig } from '../src/config/app-config';
import { Database } from '../src/database/database';
import { seedListFixtures, type ListFixtures } from './harness/list-fixtures';

type Row = Record<string, unknown>;

/**
 * The list queries on the embedded PGlite (`npm start`'s default database): the SQL they use
 * (ILIKE, inet `&&`, jsonb containment, the joined names, the traffic sums) must run there too.
 */
describe('list endpoints on embedded PGlite', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wom-lists-'));
  let app: NestExpressApplication;
  let f: ListFixtures;
  const page = async (url: string, query: Record<string, string | number> = {}) => (await request(app.getHttpServer()).get(url).query(query).expect(200)).body as { items: Row[]; total: number };
  const names = (rows: Row[]) => rows.map((row) => row['name']);

  beforeAll(async () => {
    app = await createApp(loadAppConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', MONITOR_INTERVAL_SECONDS: '0' }));
    app.useLogger(false);
    await app.init();
    f = await seedListFixtures(app.getHttpServer(), app.get(Database), { fleetSize: 400 });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sorts, searches and filters a WAN’s peers, with their traffic', async () => {
    const url = `/api/wan/${f.small.wanId}/peers`;
    expect(names((await page(url, { sort: '-lastHandshake' })).items)).toEqual(['echo-router', 'alpha-hub', 'bravo-router', 'charlie-laptop', 'delta-server', 'foxtrot-gone']);
    expect(names((await page(url, { q: 'ROUTER', sort: 'name' })).items)).toEqual(['bravo-router', 'echo-router']);
    expect(names((await page(url, { q: '10.20.0.3' })).items)).toEqual(['charlie-laptop']);
    expect(names((await page(url, { subnet: '192.168.0.0/16', sort: 'name' })).items)).toEqual(['bravo-router', 'echo-router']);
    expect(names((await page(url, { tag: 'paris', status: 'offline' })).items)).toEqual(['delta-server']);
    const alpha = (await page(url, { q: 'alpha' })).items[0];
    expect(alpha).toMatchObject(f.traffic.firstExpected);
    const fleet = await page(`/api/wan/${f.fleet.wanId}/peers`, { sort: '-name', limit: 3, offset: 1 });
    expect(fleet.total).toBe(400);
    expect(names(fleet.items)).toEqual(['site-00399', 'site-00398', 'site-00397']);
  });

  it('lists jobs with their router and WAN names, sorted', async () => {
    const jobs = await page('/api/jobs', { sort: 'updatedAt' });
    expect(jobs.items.map((job) => job['id'])).toEqual(f.jobs.byUpdated);
    expect(jobs.items.map((job) => job['wanName'])).toEqual(expect.arrayContaining(['lists-small', 'lists-fleet', null]));
    expect((await page('/api/jobs', { wanId: f.fleet.wanId })).items).toEqual([expect.objectContaining({ peerName: 'site-00004', wanName: 'lists-fleet' })]);
  });

  it('searches the audit trail case-insensitively within a time range', async () => {
    const body = await page('/api/audit', { q: 'NIGHT-shift', from: '2025-03-01T00:00:00Z', to: '2025-03-31T00:00:00Z' });
    expect(body.items.map((entry) => entry['action'])).toEqual(['maintenance.window']);
    expect((await page('/api/audit', { entityType: 'bulk', limit: 1 })).total).toBe(f.audit.bulk);
  });
});
