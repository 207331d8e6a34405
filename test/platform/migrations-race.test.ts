import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/platform/db/connect.js';
import { isMigrated, migrateToLatest } from '../../src/platform/db/migrate.js';
import { randomBase62 } from '../../src/platform/ids.js';

const DATABASE_URL = process.env.DATABASE_URL;
if (process.env.CI === 'true' && !DATABASE_URL) throw new Error('CI=true but DATABASE_URL is not set');

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: DATABASE_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

const created: string[] = [];
const fresh = () => {
  const s = `t_${randomBase62(12).toLowerCase()}`;
  created.push(s);
  return s;
};

describe.runIf(DATABASE_URL)('migrations on PostgreSQL beside other schemas', () => {
  afterAll(async () => {
    await admin(async (c) => {
      for (const s of created) await c.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    });
  });

  it("sees only its own schema's tables, not a same-named table elsewhere", async () => {
    const other = fresh();
    await admin((c) => c.query(`CREATE SCHEMA ${other}; CREATE TABLE ${other}.kysely_migration (name text)`));
    const mine = fresh();
    const db = await openDatabase({ databaseUrl: DATABASE_URL!, pgSchema: mine, pgPoolMax: 2 });
    try {
      const before = await db.kysely.introspection.getTables({ withInternalKyselyTables: true });
      expect(before).toEqual([]);
      expect((await migrateToLatest(db.kysely)).length).toBeGreaterThan(0);
      const tables = await db.kysely.introspection.getTables();
      expect(new Set(tables.map((t) => t.schema))).toEqual(new Set([mine]));
      expect(tables.map((t) => t.name)).toContain('webhooks');
      expect(tables.map((t) => t.name)).not.toContain('kysely_migration');
      expect(await isMigrated(db.kysely)).toBe(true);
    } finally {
      await db.close();
    }
  });

  it('migrates while other schemas full of tables are created and dropped at the same time', async () => {
    let stop = false;
    const churn = admin(async (c) => {
      let n = 0;
      while (!stop) {
        const s = `${fresh()}_${n++}`;
        created.push(s);
        await c.query(`CREATE SCHEMA ${s}`);
        for (let i = 0; i < 20; i++)
          await c.query(`CREATE TABLE ${s}.t${i} (id serial primary key, value text)`);
        await c.query(`DROP SCHEMA ${s} CASCADE`);
      }
    });
    try {
      for (let round = 0; round < 6; round++) {
        const db = await openDatabase({ databaseUrl: DATABASE_URL!, pgSchema: fresh(), pgPoolMax: 2 });
        try {
          await migrateToLatest(db.kysely);
          expect(await isMigrated(db.kysely)).toBe(true);
        } finally {
          await db.close();
        }
      }
    } finally {
      stop = true;
      await churn;
    }
  }, 120_000);
});
