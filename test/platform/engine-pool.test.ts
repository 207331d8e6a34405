import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../src/platform/db/connect.js';
import { migrateToLatest } from '../../src/platform/db/migrate.js';
import { freshPgSchema } from '../helpers/db.js';

const DATABASE_URL = process.env.DATABASE_URL;

describe.skipIf(!DATABASE_URL)("the delivery engine's connections on postgres", () => {
  let db: Db | null = null;
  let drop: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await db?.close();
    await drop?.();
    db = null;
    drop = null;
  });

  it('answer while every connection of the main pool is held by a transaction', async () => {
    const s = await freshPgSchema();
    drop = s.drop;
    db = await openDatabase({ databaseUrl: DATABASE_URL!, pgSchema: s.schema, pgPoolMax: 2 });
    await migrateToLatest(db.kysely);
    const release: (() => void)[] = [];
    const held = Array.from({ length: 2 }, () =>
      db!.kysely.transaction().execute(async (tx) => {
        await sql`select 1`.execute(tx);
        await new Promise<void>((r) => release.push(r));
      }),
    );
    while (release.length < 2) await new Promise((r) => setTimeout(r, 10));
    // The main pool has no connection free; the engine's statement does not wait for one.
    const r = await sql<{ n: number }>`select count(*)::int as n from sendouts`.execute(db.engine);
    expect(r.rows[0].n).toBe(0);
    for (const r of release) r();
    await Promise.all(held);
  });

  it('commit without waiting for the disk, in the same schema, visible at once to the main pool', async () => {
    const s = await freshPgSchema();
    drop = s.drop;
    db = await openDatabase({ databaseUrl: DATABASE_URL!, pgSchema: s.schema });
    await migrateToLatest(db.kysely);
    const setting = async (k: Db['kysely']) =>
      (await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(k)).rows[0]
        .synchronous_commit;
    expect(await setting(db.engine)).toBe('off');
    // The API's transactions, which write the events and their send-outs, still wait for the disk.
    expect(await setting(db.kysely)).toBe('on');
    await sql`insert into periodic_jobs (name, next_run_at, locked_by, runs_count) values ('probe', 0, null, 0)`.execute(
      db.engine,
    );
    const seen = await sql<{ name: string }>`select name from periodic_jobs where name = 'probe'`.execute(
      db.kysely,
    );
    expect(seen.rows).toEqual([{ name: 'probe' }]);
  });
});
