import type { Kx } from '../platform/db/connect.js';
import { countRows } from '../platform/db/paging.js';
import type { PendingPointsRow } from './earning-rule.table.js';

export async function insertPendingPoints(db: Kx, row: PendingPointsRow): Promise<void> {
  await db.insertInto('pending_points').values(row).execute();
}

export async function findPendingPoints(db: Kx, projectId: string, voucherId: string, id: string) {
  return db
    .selectFrom('pending_points')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('voucher_id', '=', voucherId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * Moves the entry out of PENDING, only if it still is: of two activations (a request and the job, or two
 * workers) one changes the row and the other none. The row after, or undefined when it was not pending.
 */
export async function closePendingPoints(
  db: Kx,
  id: string,
  status: 'ACTIVATED' | 'CANCELED',
  now: number,
): Promise<PendingPointsRow | undefined> {
  return db
    .updateTable('pending_points')
    .set({ status, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'PENDING')
    .returningAll()
    .executeTakeFirst();
}

/** Adds `delta` to a pending entry's points while it is pending and stays at 0 or more. */
export async function changePendingEntryPoints(
  db: Kx,
  id: string,
  delta: number,
  now: number,
): Promise<PendingPointsRow | undefined> {
  return db
    .updateTable('pending_points')
    .set((eb) => ({ points: eb('points', '+', delta), updated_at: now }))
    .where('id', '=', id)
    .where('status', '=', 'PENDING')
    .where((eb) => eb(eb('points', '+', delta), '>=', 0))
    .returningAll()
    .executeTakeFirst();
}

const pendingOf = (db: Kx, projectId: string, voucherId: string) =>
  db
    .selectFrom('pending_points')
    .where('project_id', '=', projectId)
    .where('voucher_id', '=', voucherId)
    .where('status', '=', 'PENDING');

/** The card's pending entries, newest first unless `order` says. */
export async function selectPendingPoints(
  db: Kx,
  projectId: string,
  voucherId: string,
  order: 'asc' | 'desc',
  limit: number,
  offset: number,
): Promise<PendingPointsRow[]> {
  return pendingOf(db, projectId, voucherId)
    .selectAll()
    .orderBy('created_at', order)
    .orderBy('id', order)
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function countPendingPoints(db: Kx, projectId: string, voucherId: string): Promise<number> {
  return countRows(pendingOf(db, projectId, voucherId));
}

/** Pending entries due at `now`, of any project, oldest first: the activation job's batch. */
export async function duePendingPoints(db: Kx, now: number, limit: number): Promise<PendingPointsRow[]> {
  return db
    .selectFrom('pending_points')
    .selectAll()
    .where('status', '=', 'PENDING')
    .where('activates_at', '<=', now)
    .orderBy('activates_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}
