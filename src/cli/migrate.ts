import type { Config } from '../platform/config.js';
import { openDatabase } from '../platform/db/connect.js';
import { migrateToLatest } from '../platform/db/migrate.js';

export async function runMigrate(config: Config): Promise<void> {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const ran = await migrateToLatest(db.kysely);
    process.stdout.write(ran.length ? `Applied: ${ran.join(', ')}\n` : 'Schema is up to date.\n');
  } catch (e) {
    process.stderr.write(`Migration failed: ${(e as Error).message}\n`);
    process.exitCode = 1;
  } finally {
    await db.close();
  }
}
