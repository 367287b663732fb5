// Prints the SQL TypeORM would need to make DATABASE_URL match the entities, after running
// the committed migrations. Use it to write the next migration; empty output means in sync.
//   DATABASE_URL=postgres://... node control-plane/build.mjs --tool && node control-plane/dist/tools/schema-diff.js
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source.options';

const url = process.env['DATABASE_URL'];
if (!url) throw new Error('Set DATABASE_URL to an empty scratch database.');
const dataSource = new DataSource(dataSourceOptions({ url }, 2));
await dataSource.initialize();
await dataSource.runMigrations();
const sql = await dataSource.driver.createSchemaBuilder().log();
console.log('-- up');
for (const query of sql.upQueries) console.log(`${query.query};`);
console.log('-- down');
for (const query of sql.downQueries.reverse()) console.log(`${query.query};`);
await dataSource.destroy();
