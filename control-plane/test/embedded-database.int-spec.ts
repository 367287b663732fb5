import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAppConfig } from '../src/config/app-config';
import { Database } from '../src/database/database';
import { WanNetworkEntity } from '../src/database/entities';

// PGlite start-up is slow (seconds) and memory-hungry, so one spec covers the whole lifecycle.
describe('embedded PGlite database', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wom-pglite-'));
  const config = loadAppConfig({ DATA_DIR: dataDir, DB_POOL_SIZE: '4' });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('migrates, persists across restarts, locks its directory and recovers a stale lock', async () => {
    const first = await Database.open(config);
    try {
      await first.transaction((tx) => tx.insert(WanNetworkEntity, { name: 'kept', tunnelIpRange: '10.0.0.0/24', sharedServicesRange: '10.0.5.0/24', topologyType: 'mesh' }));
      await expect(Database.open(config)).rejects.toThrow(/in use by process/);
      expect((await first.dataSource.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
    } finally {
      await first.close();
    }

    // A crashed process leaves its lock behind; a pid that no longer runs doesn't block.
    writeFileSync(join(dataDir, 'pglite', 'control-plane.lock'), '999999');
    const second = await Database.open(config);
    try {
      expect(await second.manager.find(WanNetworkEntity)).toEqual([expect.objectContaining({ name: 'kept', tunnelIpRange: '10.0.0.0/24' })]);
    } finally {
      await second.close();
    }
  }, 90_000);
});
