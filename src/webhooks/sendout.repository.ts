import type { DbProfile, Kx } from '../platform/db/connect.js';
import type { EventsTable, SendoutAttemptsTable, SendoutsTable } from './webhook.table.js';

/**
 * The delivery engine's SQL. Each batch operation is one named function; the dispatcher writes no SQL.
 * A send-out is due when `next_attempt_at <= now`. Claiming moves `next_attempt_at` to the lease's end, so a
 * send-out whose worker died becomes due again by itself: at-least-once delivery without a reaper.
 */

export type EventRow = EventsTable;
export type SendoutRow = SendoutsTable;
export type AttemptRow = SendoutAttemptsTable;

async function insertEvent(db: Kx, row: EventRow): Promise<void> {
  await db.insertInto('events').values(row).execute();
}

async function insertSendouts(db: Kx, rows: SendoutRow[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('sendouts').values(rows).execute();
}

/**
 * An event and its send-outs. Where the database allows `modifyingCte`, one statement (`WITH e AS (INSERT
 * INTO events …) INSERT INTO sendouts …`): a subscribed webhook then costs the request no statement of its own.
 */
export async function insertEventAndSendouts(
  db: Kx,
  profile: DbProfile,
  event: EventRow,
  sendouts: SendoutRow[],
): Promise<void> {
  if (sendouts.length === 0) return insertEvent(db, event);
  if (!profile.modifyingCte) {
    await insertEvent(db, event);
    return insertSendouts(db, sendouts);
  }
  await db
    .with('e', (qc) => qc.insertInto('events').values(event))
    .insertInto('sendouts')
    .values(sendouts)
    .execute();
}

/** Closes every queued send-out of a webhook as failed, without a try. */
export async function closeQueuedSendouts(db: Kx, webhookId: string, reason: string): Promise<void> {
  await db
    .updateTable('sendouts')
    .set({ status: 'failed', next_attempt_at: null, failure_reason: reason, locked_by: null })
    .where('webhook_id', '=', webhookId)
    .where('status', 'in', ['pending', 'retrying'])
    .execute();
}

/** Queues a manual retry of a failed send-out: one more attempt, now. */
export async function queueManualRetry(db: Kx, projectId: string, id: string, now: number): Promise<boolean> {
  const r = await db
    .updateTable('sendouts')
    .set({ status: 'pending', next_attempt_at: now, manual_pending: 1, failure_reason: null })
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Re-queues a webhook's failed send-outs created since `since`, with a fresh retry schedule. */
export async function requeueFailedSince(
  db: Kx,
  webhookId: string,
  since: number,
  now: number,
): Promise<number> {
  const r = await db
    .updateTable('sendouts')
    .set({
      status: 'pending',
      next_attempt_at: now,
      retries_count: 0,
      first_attempt_at: null,
      failure_reason: null,
      manual_pending: 0,
    })
    .where('webhook_id', '=', webhookId)
    .where('status', '=', 'failed')
    .where('created_at', '>=', since)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function findSendout(db: Kx, projectId: string, id: string) {
  return db
    .selectFrom('sendouts as s')
    .innerJoin('events as e', 'e.id', 's.event_id')
    .selectAll('s')
    .select(['e.created_at as event_created_at', 'e.group_id'])
    .where('s.project_id', '=', projectId)
    .where('s.id', '=', id)
    .executeTakeFirst();
}

export async function selectAttempts(db: Kx, sendoutId: string): Promise<AttemptRow[]> {
  return db
    .selectFrom('sendout_attempts')
    .selectAll()
    .where('sendout_id', '=', sendoutId)
    .orderBy('number')
    .execute();
}

export interface SendoutFilter {
  projectId: string;
  webhookId?: string;
  type?: string;
  status?: string;
  /** The id of the request that caused the event (the event's group_id). */
  requestId?: string;
  createdAfter?: number;
  createdBefore?: number;
  /** Cursor: rows strictly older than this (created_at, id) pair. */
  before?: { createdAt: number; id: string };
  limit: number;
}

/**
 * The send-outs a filter matches (the cursor aside). Events are not joined here: the total then counts one
 * index of send-outs, not a join of a million rows (the list page joins the events of its rows only).
 */
function filteredSendouts(db: Kx, f: Omit<SendoutFilter, 'before' | 'limit'>) {
  let q = db.selectFrom('sendouts as s').where('s.project_id', '=', f.projectId);
  if (f.webhookId) q = q.where('s.webhook_id', '=', f.webhookId);
  if (f.type) q = q.where('s.type', '=', f.type);
  if (f.status) q = q.where('s.status', '=', f.status as SendoutRow['status']);
  if (f.requestId)
    q = q.where('s.event_id', 'in', db.selectFrom('events').select('id').where('group_id', '=', f.requestId));
  if (f.createdAfter !== undefined) q = q.where('s.created_at', '>', f.createdAfter);
  if (f.createdBefore !== undefined) q = q.where('s.created_at', '<', f.createdBefore);
  return q;
}

/**
 * Audit-log page, newest first, keyed by (created_at, id) so a cursor is stable under inserts. The page's ids
 * are found first on the covering index (filters by webhook and status included), and only those rows are
 * read and joined to their events: a filter that matches few of a million send-outs scans index entries,
 * not table rows.
 */
export async function selectSendouts(db: Kx, f: SendoutFilter) {
  let ids = filteredSendouts(db, f).select('s.id');
  if (f.before) {
    const b = f.before;
    ids = ids.where((eb) =>
      eb.or([
        eb('s.created_at', '<', b.createdAt),
        eb.and([eb('s.created_at', '=', b.createdAt), eb('s.id', '<', b.id)]),
      ]),
    );
  }
  const page = ids.orderBy('s.created_at', 'desc').orderBy('s.id', 'desc').limit(f.limit);
  return db
    .selectFrom('sendouts as s')
    .innerJoin('events as e', 'e.id', 's.event_id')
    .selectAll('s')
    .select(['e.created_at as event_created_at', 'e.group_id'])
    .where('s.id', 'in', page)
    .orderBy('s.created_at', 'desc')
    .orderBy('s.id', 'desc')
    .execute();
}

/** How many send-outs the filter matches, on every page of the list alike. */
export async function countSendouts(db: Kx, f: Omit<SendoutFilter, 'before' | 'limit'>): Promise<number> {
  const r = await filteredSendouts(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export type SendoutListRow = Awaited<ReturnType<typeof selectSendouts>>[number];

/** Deletes attempts, final send-outs and unreferenced events older than `cutoff`. Returns rows deleted. */
export async function purgeOlderThan(db: Kx, cutoff: number): Promise<number> {
  const old = db
    .selectFrom('sendouts')
    .select('id')
    .where('created_at', '<', cutoff)
    .where('status', 'in', ['succeeded', 'failed']);
  const a = await db.deleteFrom('sendout_attempts').where('sendout_id', 'in', old).executeTakeFirst();
  const s = await db
    .deleteFrom('sendouts')
    .where('created_at', '<', cutoff)
    .where('status', 'in', ['succeeded', 'failed'])
    .executeTakeFirst();
  const e = await db
    .deleteFrom('events')
    .where('created_at', '<', cutoff)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(selectFrom('sendouts').select('sendouts.id').whereRef('sendouts.event_id', '=', 'events.id')),
      ),
    )
    .executeTakeFirst();
  return Number(a.numDeletedRows) + Number(s.numDeletedRows) + Number(e.numDeletedRows);
}
