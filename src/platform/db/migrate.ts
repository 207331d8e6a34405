import { type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import type { Kx } from './connect.js';
import * as m0001 from './migrations/0001_foundation.js';
import * as m0002 from './migrations/0002_dashboard_sessions.js';
import * as m0003 from './migrations/0003_customers.js';
import * as m0004 from './migrations/0004_campaigns_vouchers.js';
import * as m0005 from './migrations/0005_periodic_jobs.js';
import * as m0006 from './migrations/0006_webhook_health.js';
import * as m0007 from './migrations/0007_validation_rules_segments.js';
import * as m0008 from './migrations/0008_publications.js';
import * as m0009 from './migrations/0009_products.js';
import * as m0010 from './migrations/0010_redemptions.js';
import * as m0011 from './migrations/0011_orders.js';
import * as m0012 from './migrations/0012_voucher_transactions.js';
import * as m0013 from './migrations/0013_webhook_rate_limit.js';
import * as m0014 from './migrations/0014_loyalty.js';
import * as m0015 from './migrations/0015_earning_rules_pending_points.js';
import * as m0016 from './migrations/0016_promotions.js';
import * as m0017 from './migrations/0017_rewards_referrals.js';
import * as m0018 from './migrations/0018_sendout_backlog_indexes.js';
import * as m0019 from './migrations/0019_pending_points_indexes.js';

/** Ordered migrations. Append only: a shipped migration is never edited. */
const MIGRATIONS: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_dashboard_sessions': m0002,
  '0003_customers': m0003,
  '0004_campaigns_vouchers': m0004,
  '0005_periodic_jobs': m0005,
  '0006_webhook_health': m0006,
  '0007_validation_rules_segments': m0007,
  '0008_publications': m0008,
  '0009_products': m0009,
  '0010_redemptions': m0010,
  '0011_orders': m0011,
  '0012_voucher_transactions': m0012,
  '0013_webhook_rate_limit': m0013,
  '0014_loyalty': m0014,
  '0015_earning_rules_pending_points': m0015,
  '0016_promotions': m0016,
  '0017_rewards_referrals': m0017,
  '0018_sendout_backlog_indexes': m0018,
  '0019_pending_points_indexes': m0019,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export class MigrationError extends Error {}

/**
 * On PostgreSQL the migration tables are pinned to the connection's current schema. Unpinned, Kysely finds a
 * `kysely_migration` table in any schema of the database (say `public`) and then cannot see it through a
 * search_path that names another schema.
 */
async function migratorFor(db: Kx): Promise<Migrator> {
  let migrationTableSchema: string | undefined;
  try {
    const r = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
    migrationTableSchema = r.rows[0]?.schema ?? undefined;
  } catch {
    // SQLite has no current_schema(): one file, one schema.
  }
  return new Migrator({ db, provider, migrationTableSchema });
}

/** Brings the schema up to date. Throws MigrationError, naming the failed migration, when one fails. */
export async function migrateToLatest(db: Kx): Promise<string[]> {
  const migrator = await migratorFor(db);
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
  const migrator = await migratorFor(db);
  const all = await migrator.getMigrations();
  return all.every((m) => m.executedAt !== undefined);
}
