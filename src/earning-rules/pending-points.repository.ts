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

/** Whose pending entries a list reads: one card's, or every card's of a program. */
export type PendingScope = { voucherId: string } | { campaignId: string };

const pendingOf = (db: Kx, projectId: string, scope: PendingScope) => {
  const q = db
    .selectFrom('pending_points')
    .where('project_id', '=', projectId)
    .where('status', '=', 'PENDING');
  return 'voucherId' in scope
    ? q.where('voucher_id', '=', scope.voucherId)
    : q.where('campaign_id', '=', scope.campaignId);
};

/** A pending entry of the scope by id (a list's cursor). */
export async function findPendingInScope(db: Kx, projectId: string, scope: PendingScope, id: string) {
  return pendingOf(db, projectId, scope).selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Up to `limit` pending entries of the scope, newest first unless `order` says, after `after` in that order
 * (a cursor) or past `offset` of them.
 */
export async function selectPendingPoints(
  db: Kx,
  projectId: string,
  scope: PendingScope,
  order: 'asc' | 'desc',
  page: { limit: number; offset: number; after?: Pick<PendingPointsRow, 'created_at' | 'id'> },
): Promise<PendingPointsRow[]> {
  let q = pendingOf(db, projectId, scope).selectAll();
  const after = page.after;
  if (after) {
    const past = order === 'desc' ? '<' : '>';
    q = q.where((eb) =>
      eb.or([
        eb('created_at', past, after.created_at),
        eb.and([eb('created_at', '=', after.created_at), eb('id', past, after.id)]),
      ]),
    );
  }
  return q.orderBy('created_at', order).orderBy('id', order).limit(page.limit).offset(page.offset).execute();
}

export async function countPendingPoints(db: Kx, projectId: string, scope: PendingScope): Promise<number> {
  return countRows(pendingOf(db, projectId, scope));
}

/** The order's entries still pending (an order canceled cancels them); read through `pending_points_order`. */
export async function pendingPointsOfOrder(db: Kx, projectId: string, orderId: string) {
  return db
    .selectFrom('pending_points')
    .selectAll()
    .where('status', '=', 'PENDING')
    .where('project_id', '=', projectId)
    .where('order_id', '=', orderId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
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
