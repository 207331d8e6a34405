import type { Kysely } from 'kysely';
import type { Kx } from './connect.js';
import type { Database } from './database.js';
import type { Tx } from './transaction.js';

/**
 * Statements every repository writes the same way: a row of the project by some columns, and the row by id
 * locked, patched or deleted. The SQL of one table stays in the repository of the context that owns it;
 * these helpers only spare each one the same lines (`paging.ts` does the same for lists).
 */

type TableName = keyof Database;
/** The tables whose rows carry `id` and `project_id`. */
export type ProjectTable = {
  [T in TableName]: Database[T] extends { id: string; project_id: string } ? T : never;
}[TableName];
/** The tables whose rows carry an `id`. */
export type IdTable = { [T in TableName]: Database[T] extends { id: string } ? T : never }[TableName];

// The tables are plain interfaces (no generated columns), so a row reads back as the table type itself.
type Row<T extends TableName> = Database[T];

// Kysely cannot resolve a column reference over a table chosen by a type parameter; the signatures above
// keep callers typed, and the statements below run on the untyped builder.
const loose = (db: Kx) => db as unknown as Kysely<any>;

/**
 * The row of `table` in the project whose columns equal `by`; with `live`, only one that is not binned
 * (`deleted_at is null`).
 */
export async function findInProject<T extends ProjectTable>(
  db: Kx,
  table: T,
  projectId: string,
  by: Partial<Row<T>>,
  opts: { live?: boolean } = {},
): Promise<Row<T> | undefined> {
  let q = loose(db)
    .selectFrom(table as string)
    .selectAll()
    .where('project_id', '=', projectId);
  for (const [column, value] of Object.entries(by)) q = q.where(column, '=', value);
  if (opts.live) q = q.where('deleted_at', 'is', null);
  return (await q.executeTakeFirst()) as Row<T> | undefined;
}

/**
 * The row by id (with `projectId`, only the project's), locked for the rest of the transaction where the database has row locks (PostgreSQL);
 * SQLite serialises writers, so the plain read is enough there.
 */
export async function lockById<T extends IdTable>(
  tx: Tx,
  table: T,
  id: string,
  projectId?: string,
): Promise<Row<T> | undefined> {
  let q = loose(tx.db)
    .selectFrom(table as string)
    .selectAll()
    .where('id', '=', id);
  if (projectId !== undefined) q = q.where('project_id', '=', projectId);
  return (await (tx.profile.skipLocked ? q.forUpdate() : q).executeTakeFirst()) as Row<T> | undefined;
}

export async function updateById<T extends IdTable>(
  db: Kx,
  table: T,
  id: string,
  patch: Partial<Row<T>>,
): Promise<void> {
  await loose(db)
    .updateTable(table as string)
    .set(patch)
    .where('id', '=', id)
    .execute();
}

/** Deletes the row by id; with `projectId`, only the project's. False when there was none. */
export async function deleteById(db: Kx, table: IdTable, id: string, projectId?: string): Promise<boolean> {
  let q = loose(db)
    .deleteFrom(table as string)
    .where('id', '=', id);
  if (projectId !== undefined) q = q.where('project_id', '=', projectId);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/**
 * Inserts the rows, skipping each one whose `unique` columns repeat a row already there (`ON CONFLICT DO
 * NOTHING` rather than a caught violation: a failed statement aborts a PostgreSQL transaction). A concurrent
 * insert of the same key waits for the first transaction on PostgreSQL and is skipped if it commits. Returns
 * the `returning` column of the rows that went in.
 */
export async function insertSkippingTaken<T extends TableName, C extends keyof Row<T> & string>(
  db: Kx,
  table: T,
  rows: Row<T> | Row<T>[],
  unique: (keyof Row<T> & string)[],
  returning: C,
): Promise<Pick<Row<T>, C>[]> {
  const r = await loose(db)
    .insertInto(table as string)
    .values(rows)
    .onConflict((oc) => oc.columns(unique).doNothing())
    .returning(returning as string)
    .execute();
  return r as Pick<Row<T>, C>[];
}
