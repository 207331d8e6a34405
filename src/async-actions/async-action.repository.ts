import type { DbProfile, Kx } from '../platform/db/connect.js';
import { findInProject, updateById } from '../platform/db/rows.js';
import { type ClaimOptions, claimLeased, type LeaseQueue } from '../platform/db/lease.js';
import type { AsyncActionRow } from './async-action.table.js';

/**
 * SQL of async actions and of the job queue they form. Claiming follows the send-outs' pattern: a row is
 * due when `next_run_at <= now`; a claim moves `next_run_at` to the end of the lease and names the worker.
 * Every step of a job first renews its lease with `renewLease`, which also checks that the worker still
 * holds it, so a worker whose lease ran out can never write again.
 */

export async function insertAsyncAction(db: Kx, row: AsyncActionRow): Promise<void> {
  await db.insertInto('async_actions').values(row).execute();
}

export async function findAsyncAction(db: Kx, projectId: string, id: string) {
  return findInProject(db, 'async_actions', projectId, { id });
}

export async function selectAsyncActions(
  db: Kx,
  projectId: string,
  opts: { limit: number; before?: number },
) {
  let q = db.selectFrom('async_actions').selectAll().where('project_id', '=', projectId);
  if (opts.before !== undefined) q = q.where('created_at', '<', opts.before);
  const rows = await q
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(opts.limit + 1)
    .execute();
  return { rows: rows.slice(0, opts.limit), hasMore: rows.length > opts.limit };
}

/** Async actions as a lease queue. */
const ACTION_QUEUE: LeaseQueue = {
  table: 'async_actions',
  key: 'id',
  dueColumn: 'next_run_at',
  returning: '*',
};

/** Leases up to `limit` due actions to `workerId` until `now + leaseMs`, oldest due first. */
export async function claimDueActions(db: Kx, profile: DbProfile, opts: ClaimOptions) {
  return claimLeased<AsyncActionRow>(db, profile, ACTION_QUEUE, opts);
}

/**
 * Extends the lease if `workerId` still holds it; false when another worker took the action over. Run first
 * in each step's transaction: on PostgreSQL the row lock it takes serialises the step against any other
 * writer of the action.
 */
export async function renewLease(db: Kx, id: string, workerId: string, until: number): Promise<boolean> {
  const r = await db
    .updateTable('async_actions')
    .set({ next_run_at: until })
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .where('next_run_at', 'is not', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function updateAsyncAction(db: Kx, id: string, patch: Partial<AsyncActionRow>): Promise<void> {
  await updateById(db, 'async_actions', id, patch);
}

/**
 * Makes every leased action due again at once. Only for SQLite, where one process holds the database, so
 * a lease found at start-up belongs to a process that died.
 */
export async function releaseAllLeases(db: Kx, now: number): Promise<number> {
  const r = await db
    .updateTable('async_actions')
    .set({ next_run_at: now, locked_by: null })
    .where('next_run_at', 'is not', null)
    .where('locked_by', 'is not', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** One action by id, whatever its project (the runner reads back the action it holds). */
export async function findActionById(db: Kx, id: string): Promise<AsyncActionRow | undefined> {
  return db.selectFrom('async_actions').selectAll().where('id', '=', id).executeTakeFirst();
}
