import { sql } from 'kysely';
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

export async function insertEvent(db: Kx, row: EventRow): Promise<void> {
  await db.insertInto('events').values(row).execute();
}

export async function insertSendouts(db: Kx, rows: SendoutRow[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('sendouts').values(rows).execute();
}

/**
 * Splits a batch into chunks whose sizes are powers of two up to 128 (100 = 64 + 32 + 4), so that statements
 * whose text grows with the batch (IN lists, VALUES rows) come in eight shapes that SQLite's statement cache
 * keeps prepared (preparing a fresh 100-row statement per flush cost more than running it), while a batch
 * still takes at most a few round trips on PostgreSQL.
 */
export function inStandardChunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  let i = 0;
  for (const size of [128, 64, 32, 16, 8, 4, 2, 1])
    while (items.length - i >= size) {
      out.push(items.slice(i, i + size));
      i += size;
    }
  return out;
}

/**
 * Leases up to `limit` due send-outs to `workerId` until `now + leaseMs`, oldest due first.
 * PostgreSQL skips rows another worker holds (`FOR UPDATE SKIP LOCKED`); SQLite serialises writers.
 */
export async function claimDueSendouts(
  db: Kx,
  profile: DbProfile,
  opts: { now: number; limit: number; leaseMs: number; workerId: string },
): Promise<string[]> {
  let due = db
    .selectFrom('sendouts')
    .select('id')
    .where('next_attempt_at', '<=', opts.now)
    .orderBy('next_attempt_at')
    .limit(opts.limit);
  if (profile.skipLocked) due = due.forUpdate().skipLocked();
  // One statement on both databases: on SQLite it is atomic by itself (writers are serialised), which saves
  // the BEGIN/SELECT/COMMIT round of a separate select.
  const rows = await db
    .updateTable('sendouts')
    .set({ status: 'in_flight', next_attempt_at: opts.now + opts.leaseMs, locked_by: opts.workerId })
    .where('id', 'in', due)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Everything one delivery needs, for the claimed ids. A deleted webhook comes back with null webhook fields. */
export async function selectDeliveries(db: Kx, ids: string[]) {
  const out = [];
  for (const chunk of inStandardChunks(ids)) out.push(...(await selectDeliveryChunk(db, chunk)));
  return out;
}

function selectDeliveryChunk(db: Kx, ids: string[]) {
  return db
    .selectFrom('sendouts as s')
    .innerJoin('events as e', 'e.id', 's.event_id')
    .innerJoin('projects as p', 'p.id', 's.project_id')
    .leftJoin('webhooks as w', 'w.id', 's.webhook_id')
    .select([
      's.id',
      's.project_id',
      's.webhook_id',
      's.type',
      's.created_at',
      's.attempts_count',
      's.retries_count',
      's.first_attempt_at',
      's.manual_pending',
      's.locked_by',
      'e.id as event_id',
      'e.created_at as event_created_at',
      'e.entity_id',
      'e.group_id',
      'e.event_source',
      'e.data',
      'p.webhook_secret',
      'p.previous_webhook_secret',
      'p.previous_secret_until',
      'w.target_url',
      'w.headers',
      'w.active',
    ])
    .where('s.id', 'in', ids)
    .execute();
}

export type DeliveryRow = Awaited<ReturnType<typeof selectDeliveryChunk>>[number];

/** The new state of one send-out after a try, or after it was closed without one. */
export interface SendoutUpdate {
  id: string;
  /** Only the worker holding the lease may write; a stale worker's outcome is dropped. */
  lockedBy: string;
  status: 'succeeded' | 'retrying' | 'failed';
  nextAttemptAt: number | null;
  attemptsCount: number;
  retriesCount: number;
  firstAttemptAt: number | null;
  executedAt: number | null;
  targetUrl: string | null;
  failureReason: string | null;
  attempt: AttemptRow | null;
}

/**
 * Writes a batch of outcomes inside the caller's transaction: UPDATE … FROM (VALUES …) for the send-outs and
 * multi-row INSERTs for the attempts, a few statements per batch in standard chunk sizes. One commit per
 * delivery would cap throughput (~5,000/s on SQLite, ~1,200/s on PostgreSQL here). Only the worker holding the lease may write: a stale
 * worker's outcome is dropped. Returns the ids written.
 */
export async function completeSendouts(db: Kx, updates: SendoutUpdate[]): Promise<string[]> {
  const applied: string[] = [];
  for (const chunk of inStandardChunks(updates)) {
    const values = chunk.map(
      (u) =>
        sql`(cast(${u.id} as text), cast(${u.lockedBy} as text), cast(${u.status} as text), cast(${u.nextAttemptAt} as bigint), cast(${u.attemptsCount} as integer), cast(${u.retriesCount} as integer), cast(${u.firstAttemptAt} as bigint), cast(${u.executedAt} as bigint), cast(${u.failureReason} as text), cast(${u.targetUrl} as text))`,
    );
    const r = await sql<{ id: string }>`
      with v(id, locked_by, status, next_attempt_at, attempts_count, retries_count, first_attempt_at, executed_at, failure_reason, target_url)
        as (values ${sql.join(values)})
      update sendouts set
        status = v.status,
        next_attempt_at = v.next_attempt_at,
        attempts_count = v.attempts_count,
        retries_count = v.retries_count,
        first_attempt_at = v.first_attempt_at,
        executed_at = v.executed_at,
        failure_reason = v.failure_reason,
        target_url = coalesce(v.target_url, sendouts.target_url),
        manual_pending = 0,
        locked_by = null
      from v
      where sendouts.id = v.id and sendouts.locked_by = v.locked_by and sendouts.status = 'in_flight'
      returning sendouts.id`.execute(db);
    const written = new Set(r.rows.map((row) => row.id));
    const attempts = chunk.filter((u) => u.attempt && written.has(u.id)).map((u) => u.attempt!);
    for (const rows of inStandardChunks(attempts))
      await db.insertInto('sendout_attempts').values(rows).execute();
    applied.push(...chunk.filter((u) => written.has(u.id)).map((u) => u.id));
  }
  return applied;
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
  createdAfter?: number;
  createdBefore?: number;
  /** Cursor: rows strictly older than this (created_at, id) pair. */
  before?: { createdAt: number; id: string };
  limit: number;
}

/** Audit-log page, newest first, keyed by (created_at, id) so a cursor is stable under inserts. */
export async function selectSendouts(db: Kx, f: SendoutFilter) {
  let q = db
    .selectFrom('sendouts as s')
    .innerJoin('events as e', 'e.id', 's.event_id')
    .selectAll('s')
    .select(['e.created_at as event_created_at', 'e.group_id'])
    .where('s.project_id', '=', f.projectId);
  if (f.webhookId) q = q.where('s.webhook_id', '=', f.webhookId);
  if (f.type) q = q.where('s.type', '=', f.type);
  if (f.status) q = q.where('s.status', '=', f.status as SendoutRow['status']);
  if (f.createdAfter !== undefined) q = q.where('s.created_at', '>', f.createdAfter);
  if (f.createdBefore !== undefined) q = q.where('s.created_at', '<', f.createdBefore);
  if (f.before) {
    const b = f.before;
    q = q.where((eb) =>
      eb.or([
        eb('s.created_at', '<', b.createdAt),
        eb.and([eb('s.created_at', '=', b.createdAt), eb('s.id', '<', b.id)]),
      ]),
    );
  }
  return q.orderBy('s.created_at', 'desc').orderBy('s.id', 'desc').limit(f.limit).execute();
}

export type SendoutListRow = Awaited<ReturnType<typeof selectSendouts>>[number];

/** Counts of due and in-flight send-outs, and the oldest due time, for the metrics. */
export async function queueStats(db: Kx, now: number) {
  const r = await db
    .selectFrom('sendouts')
    .select([sql<number>`count(*)`.as('queued'), sql<number | null>`min(next_attempt_at)`.as('oldest_due')])
    .where('next_attempt_at', '<=', now)
    .where('status', 'in', ['pending', 'retrying'])
    .executeTakeFirst();
  return { due: Number(r?.queued ?? 0), oldestDueAt: r?.oldest_due == null ? null : Number(r.oldest_due) };
}

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
