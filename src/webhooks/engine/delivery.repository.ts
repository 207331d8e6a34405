import { sql } from 'kysely';
import type { DbProfile, Kx } from '../../platform/db/connect.js';
import { inStandardChunks } from '../../platform/db/chunks.js';
import {
  type ClaimOptions,
  claimLeased,
  claimLeasedStatement,
  type LeaseQueue,
} from '../../platform/db/lease.js';
import type { AttemptRow } from '../sendout.repository.js';
import type { SendoutStatus } from '../webhook.table.js';

/**
 * The delivery engine's SQL. Each batch operation is one named function; the dispatcher writes no SQL.
 * A send-out is due when `next_attempt_at <= now`. Claiming moves `next_attempt_at` to the lease's end, so a
 * send-out whose worker died becomes due again by itself: at-least-once delivery without a reaper.
 */

/**
 * Send-outs as a lease queue: a claim also marks them `in_flight`, and keeps the previous holder in
 * `lease_taken_from`. Only an `in_flight` send-out has a holder, so a non-null one means its worker stopped
 * during a try (sent or not) and its lease ran out.
 */
const SENDOUT_QUEUE: LeaseQueue = {
  table: 'sendouts',
  key: 'id',
  dueColumn: 'next_attempt_at',
  set: { status: 'in_flight' },
  previousHolderColumn: 'lease_taken_from',
  returning: ['id', 'attempts_count', 'manual_pending', 'lease_taken_from'],
};

export interface ClaimedSendout {
  id: string;
  attempts_count: number;
  manual_pending: number;
  /** The worker whose expired lease this claim took over, or null. */
  lease_taken_from: string | null;
}

/**
 * Leases up to `limit` due send-outs to `workerId` until `now + leaseMs`, oldest due first.
 * PostgreSQL skips rows another worker holds (`FOR UPDATE SKIP LOCKED`); SQLite serialises writers.
 */
export async function claimDueSendouts(
  db: Kx,
  profile: DbProfile,
  opts: ClaimOptions,
): Promise<ClaimedSendout[]> {
  return claimLeased<ClaimedSendout>(db, profile, SENDOUT_QUEUE, opts);
}

/**
 * Records the tries lost with workers whose leases ran out, one attempt each, and counts them, for send-outs
 * `workerId` still holds. Written before the new try is sent: if this worker dies too, its own try was not
 * sent, and the next claim records only the earlier one.
 */
export async function insertInterruptedAttempts(
  db: Kx,
  workerId: string,
  attempts: AttemptRow[],
): Promise<Set<string>> {
  const recorded = new Set<string>();
  for (const chunk of inStandardChunks(attempts)) {
    const held = await db
      .updateTable('sendouts')
      .set((eb) => ({ attempts_count: eb('attempts_count', '+', 1) }))
      .where(
        'id',
        'in',
        chunk.map((a) => a.sendout_id),
      )
      .where('locked_by', '=', workerId)
      .where('status', '=', 'in_flight')
      .returning('id')
      .execute();
    const ids = new Set(held.map((r) => r.id));
    const rows = chunk.filter((a) => ids.has(a.sendout_id));
    if (rows.length > 0) await db.insertInto('sendout_attempts').values(rows).execute();
    for (const r of rows) recorded.add(r.sendout_id);
  }
  return recorded;
}

/** Everything one delivery needs, for the claimed ids. A deleted webhook comes back with null webhook fields. */
export async function selectDeliveries(db: Kx, ids: string[]) {
  const out = [];
  for (const chunk of inStandardChunks(ids)) out.push(...(await selectDeliveryChunk(db, chunk)));
  return out;
}

function selectDeliveryChunk(db: Kx, ids: string[]) {
  return (
    db
      .selectFrom('sendouts as s')
      .innerJoin('events as e', 'e.id', 's.event_id')
      // The one join across contexts, kept for speed: the signing secrets are read with the batch in the same
      // statement, rather than through the projects door once per project per batch (a second round trip per
      // claim on the hot path, where a claim of 128 send-outs takes about 1 ms). Read only, never written.
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
        'w.disabled_reason',
        'w.rate_limit',
      ])
      .where('s.id', 'in', ids)
      .execute()
  );
}

export type DeliveryRow = Awaited<ReturnType<typeof selectDeliveryChunk>>[number];

/** A claimed send-out with what its delivery needs, and the worker whose expired lease the claim took over. */
export type ClaimedDelivery = DeliveryRow & { lease_taken_from: string | null };

/**
 * Claims due send-outs (as `claimDueSendouts`) and reads what their deliveries need (as `selectDeliveries`).
 * Where the database allows `modifyingCte` that is one statement, `WITH c AS (UPDATE … RETURNING …) SELECT …`:
 * at a few events per claim, the separate read was a third of the worker's statements per delivery.
 * The select list is `selectDeliveryChunk`'s, with the send-out's columns from the claim's RETURNING (the row
 * as the claim left it; the rest of the statement sees the rows as they were before).
 */
export async function claimDeliveries(
  db: Kx,
  profile: DbProfile,
  opts: ClaimOptions,
): Promise<ClaimedDelivery[]> {
  if (!profile.modifyingCte) {
    const claimed = await claimDueSendouts(db, profile, opts);
    if (claimed.length === 0) return [];
    const taken = new Map(claimed.map((c) => [c.id, c.lease_taken_from]));
    const rows = await selectDeliveries(
      db,
      claimed.map((c) => c.id),
    );
    return rows.map((r) => ({ ...r, lease_taken_from: taken.get(r.id) ?? null }));
  }
  const claim = claimLeasedStatement(profile, { ...SENDOUT_QUEUE, returning: CLAIMED_COLUMNS }, opts);
  const r = await sql<ClaimedDelivery>`with c as (${claim})
    select c.id, c.project_id, c.webhook_id, c.type, c.created_at, c.attempts_count, c.retries_count,
      c.first_attempt_at, c.manual_pending, c.locked_by, c.lease_taken_from,
      e.id as event_id, e.created_at as event_created_at, e.entity_id, e.group_id, e.event_source, e.data,
      p.webhook_secret, p.previous_webhook_secret, p.previous_secret_until,
      w.target_url, w.headers, w.active, w.disabled_reason, w.rate_limit
    from c
    join events e on e.id = c.event_id
    join projects p on p.id = c.project_id
    left join webhooks w on w.id = c.webhook_id`.execute(db);
  return r.rows;
}

const CLAIMED_COLUMNS = [
  'id',
  'project_id',
  'webhook_id',
  'type',
  'created_at',
  'attempts_count',
  'retries_count',
  'first_attempt_at',
  'manual_pending',
  'locked_by',
  'event_id',
  'lease_taken_from',
] as const;

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
 * The UPDATE of outcomes from a `v` of rows (id, locked_by, status, next_attempt_at, attempts_count,
 * retries_count, first_attempt_at, executed_at, failure_reason, target_url, …): only rows still in flight under
 * the writer's lease change. Shared by the transaction's write and the one-statement write on PostgreSQL.
 */
export const APPLY_OUTCOMES = sql`update sendouts set
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
  returning sendouts.id`;

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
      ${APPLY_OUTCOMES}`.execute(db);
    const written = new Set(r.rows.map((row) => row.id));
    const attempts = chunk.filter((u) => u.attempt && written.has(u.id)).map((u) => u.attempt!);
    for (const rows of inStandardChunks(attempts))
      await db.insertInto('sendout_attempts').values(rows).execute();
    applied.push(...chunk.filter((u) => written.has(u.id)).map((u) => u.id));
  }
  return applied;
}

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

/** The burst a rate-limited webhook may take at once after a quiet spell: one second's worth. */
const RATE_BURST_US = 1_000_000;

/**
 * Reserves up to `wanted` deliveries to a rate-limited webhook at `now`, for every worker at once, and returns
 * how many were granted and when the next one will be. A generic cell rate algorithm in one UPDATE: the
 * webhook row keeps the theoretical arrival time of the next delivery (`rate_tat`, µs); a reservation moves it
 * on by one interval (1 s / rate) per delivery granted, as far as one second ahead of now. The right-hand
 * sides read the row as it was, and the row is locked by the UPDATE itself, so workers never grant the same
 * slot twice.
 */
export async function reserveRate(
  db: Kx,
  webhookId: string,
  wanted: number,
  now: number,
): Promise<{ granted: number; nextAt: number }> {
  const nowUs = sql`cast(${now * 1000} as bigint)`;
  const interval = sql`cast(1000000 / rate_limit as bigint)`;
  const base = sql`(case when rate_tat is null or rate_tat < ${nowUs} then ${nowUs} else rate_tat end)`;
  const room = sql`((${nowUs} + ${RATE_BURST_US} - ${base}) / ${interval})`;
  const granted = sql`(case when ${room} < 0 then 0 when ${room} < ${wanted} then ${room} else ${wanted} end)`;
  const r = await sql<{ rate_tat: number | string; rate_granted: number; rate_limit: number }>`
    update webhooks set rate_tat = ${base} + ${granted} * ${interval}, rate_granted = ${granted}
    where id = ${webhookId} and rate_limit is not null
    returning rate_tat, rate_granted, rate_limit`.execute(db);
  const row = r.rows[0];
  // The limit was removed meanwhile: nothing holds the deliveries back.
  if (!row) return { granted: wanted, nextAt: now };
  const intervalUs = Math.floor(1_000_000 / row.rate_limit);
  const nextAt = Math.ceil((Number(row.rate_tat) + intervalUs - RATE_BURST_US) / 1000);
  return { granted: Number(row.rate_granted), nextAt: Math.max(now, nextAt) };
}

/**
 * Hands claimed send-outs back to the queue without a try, due at `dueAt`: the rate limit of their webhook
 * has no slot for them yet. They keep their attempts and schedule; only the worker holding them may do this.
 */
export async function releaseSendouts(db: Kx, workerId: string, ids: string[], dueAt: number) {
  for (const chunk of inStandardChunks(ids))
    await db
      .updateTable('sendouts')
      .set((eb) => ({
        status: eb
          .case()
          .when(eb.or([eb('attempts_count', '=', 0), eb('manual_pending', '=', 1)]))
          .then(sql.lit<SendoutStatus>('pending'))
          .else(sql.lit<SendoutStatus>('retrying'))
          .end(),
        next_attempt_at: dueAt,
        locked_by: null,
      }))
      .where('id', 'in', chunk)
      .where('locked_by', '=', workerId)
      .where('status', '=', 'in_flight')
      .execute();
}
