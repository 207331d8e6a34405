import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Db, openDatabase } from '../../src/platform/db/connect.js';
import { randomBase62 } from '../../src/platform/ids.js';

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
