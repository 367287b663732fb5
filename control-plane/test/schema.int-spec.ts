import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source.options';
import { MIGRATIONS } from '../src/database/migrations';
import { createTestDatabase, type TestDatabase } from './harness/test-app';

describe('schema migrations on PostgreSQL', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = new DataSource(dataSourceOptions({ url: db.url }, 2));
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  const tables = async (): Promise<string[]> =>
    (await dataSource.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`)).map(
      (row: { table_name: string }) => row.table_name,
    );

  it('leaves no difference between the entities and the migrated schema', async () => {
    await dataSource.runMigrations();
    const sql = await dataSource.driver.createSchemaBuilder().log();
    expect(sql.upQueries.map((q) => q.query)).toEqual([]);
    expect(await tables()).toEqual(
      expect.arrayContaining(['wan_network', 'peer', 'local_subnet', 'published_service', 'peer_connection', 'configuration_history', 'deployment_job', 'mikrotik_api_call_log', 'app_user', 'api_key', 'audit_log', 'agent', 'enrollment_token', 'config_template', 'subnet_conflict', 'state_change']),
    );
  });

  it('reverts fully with down, and migrates up again', async () => {
    for (let i = 0; i < MIGRATIONS.length; i++) await dataSource.undoLastMigration();
    expect(await tables()).toEqual(['migrations']);
    await dataSource.runMigrations();
    expect((await dataSource.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
  });

  it('refuses two peers on one tunnel IP in the same WAN at the database level', async () => {
    const [wan] = await dataSource.query(`INSERT INTO wan_network (name, tunnel_ip_range, shared_services_range, topology_type) VALUES ('w', '10.0.0.0/24', '10.0.5.0/24', 'mesh') RETURNING id`);
    const insert = (name: string) => dataSource.query(`INSERT INTO peer (wan_id, name, type, tunnel_ip) VALUES ($1, $2, 'server', '10.0.0.1')`, [wan.id, name]);
    await insert('a');
    await expect(insert('b')).rejects.toMatchObject({ driverError: { code: '23505', constraint: 'UQ_peer_wan_tunnel_ip' } });
  });
});
