import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { type Db, openDatabase } from '../../src/platform/db/connect.js';
import type { Database } from '../../src/platform/db/database.js';
import { randomBase62 } from '../../src/platform/ids.js';
import type { TestApp } from './app.js';

export interface Dialect {
  name: 'sqlite' | 'postgres';
  /** A fresh, isolated, empty database: a new SQLite file, or a new PostgreSQL schema. */
  open(): Promise<{ db: Db; cleanup(): Promise<void> }>;
}

const DATABASE_URL = process.env.DATABASE_URL;

if (process.env.CI === 'true' && !DATABASE_URL) {
  throw new Error('CI=true but DATABASE_URL is not set: the PostgreSQL half of the suite cannot run');
}

const sqlite: Dialect = {
  name: 'sqlite',
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'vouchsafe-test-'));
    const db = await openDatabase({ databaseUrl: null, dataDir: dir });
    return {
      db,
      async cleanup() {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

const postgres: Dialect = {
  name: 'postgres',
  async open() {
    const schema = `t_${randomBase62(12).toLowerCase()}`;
    const db = await openDatabase({ databaseUrl: DATABASE_URL!, pgSchema: schema, pgPoolMax: 5 });
    return {
      db,
      async cleanup() {
        await db.close();
        const c = new pg.Client({ connectionString: DATABASE_URL });
        await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await c.end();
      },
    };
  },
};

/** Every storage test runs on each of these: SQLite always, PostgreSQL when DATABASE_URL is set (required in CI). */
export const DIALECTS: Dialect[] = DATABASE_URL ? [sqlite, postgres] : [sqlite];

/** A fresh schema name and URL for tests that start real processes on PostgreSQL. */
export async function freshPgSchema(): Promise<{ schema: string; drop(): Promise<void> }> {
  const schema = `t_${randomBase62(12).toLowerCase()}`;
  const c = new pg.Client({ connectionString: DATABASE_URL });
  await c.connect();
  await c.query(`CREATE SCHEMA ${schema}`);
  await c.end();
  return {
    schema,
    async drop() {
      const d = new pg.Client({ connectionString: DATABASE_URL });
      await d.connect();
      await d.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await d.end();
    },
  };
}

/** Every table of the schema; the Record makes a new table a compile error here until it is listed. */
const TABLES: Record<keyof Database, true> = {
  meta: true,
  projects: true,
  api_keys: true,
  management_keys: true,
  webhooks: true,
  events: true,
  sendouts: true,
  sendout_attempts: true,
  customers: true,
  unconfirmed_customers: true,
  dashboard_sessions: true,
  campaigns: true,
  vouchers: true,
  async_actions: true,
  periodic_jobs: true,
  validation_rules: true,
  validation_rule_assignments: true,
  segments: true,
  segment_members: true,
  publications: true,
  publication_vouchers: true,
  publication_joins: true,
  products: true,
  skus: true,
  orders: true,
  voucher_transactions: true,
  redemptions: true,
  rewards: true,
  reward_assignments: true,
  referral_tiers: true,
  referral_referees: true,
  referral_tier_progress: true,
  loyalty_point_buckets: true,
  loyalty_transactions: true,
  loyalty_tiers: true,
  loyalty_member_tiers: true,
  earning_rules: true,
  pending_points: true,
  promotion_tiers: true,
  promotion_stacks: true,
};

/** The number of rows of every table, to show that a refused request wrote nothing. */
export async function rowCounts(t: TestApp): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of Object.keys(TABLES)) {
    const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(
      t.vs.ctx.db.kysely,
    );
    out[table] = Number(r.rows[0]!.n);
  }
  return out;
}

/**
 * Every row of every table, as sorted JSON lines per table: equal contents before and after show that
 * nothing was inserted, updated or deleted.
 */
export async function tableContents(t: TestApp): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of Object.keys(TABLES)) {
    const r = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(
      t.vs.ctx.db.kysely,
    );
    out[table] = r.rows.map((row) => JSON.stringify(row)).sort();
  }
  return out;
}
