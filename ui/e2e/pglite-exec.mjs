// Runs one SQL script on an embedded database directory while no control plane has it open:
// `node pglite-exec.mjs <DATA_DIR> <file.sql>`. The browser specs and benchmarks use it to seed
// thousands of rows in one transaction, which no API of the product does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

const [dataDir, sqlFile] = process.argv.slice(2);
if (!dataDir || !sqlFile) throw new Error('usage: pglite-exec.mjs <DATA_DIR> <file.sql>');
const db = await PGlite.create(join(dataDir, 'pglite', 'db'));
try {
  await db.exec(readFileSync(sqlFile, 'utf8'));
} finally {
  await db.close();
}
