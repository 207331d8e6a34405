import { type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { Kx } from './connect.js';
import * as m0001 from './migrations/0001_foundation.js';

/** Ordered migrations. Append only: a shipped migration is never edited. */
const MIGRATIONS: Record<string, Migration> = {
  '0001_foundation': m0001,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export class MigrationError extends Error {}

/** Brings the schema up to date. Throws MigrationError, naming the failed migration, when one fails. */
export async function migrateToLatest(db: Kx): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const what = failed ? `migration ${failed.migrationName} failed` : 'migrations failed';
    throw new MigrationError(`${what}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** True when every known migration has run; `/readyz` asks this. */
export async function isMigrated(db: Kx): Promise<boolean> {
  const migrator = new Migrator({ db, provider });
  const all = await migrator.getMigrations();
  return all.every((m) => m.executedAt !== undefined);
}
