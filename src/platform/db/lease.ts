import { type RawBuilder, sql } from 'kysely';
import type { DbProfile, Kx } from './connect.js';

/**
 * A table that is also a queue under leases: a row is due when `dueColumn <= now`; a claim moves `dueColumn`
 * to the end of the lease and names the worker in `locked_by`, so the work of a worker that died becomes due
 * again by itself, without a reaper. Send-outs, async actions and periodic jobs are such queues.
 */
export interface LeaseQueue {
  table: 'sendouts' | 'async_actions' | 'periodic_jobs';
  /** The key column (the subquery selects it). */
  key: string;
  dueColumn: string;
  /** Further columns the claim sets, such as a send-out's `status: 'in_flight'`. */
  set?: Readonly<Record<string, string | number | null>>;
  /**
   * A column where the claim keeps `locked_by` as it was before, so that the caller learns which rows it took
   * over from a worker whose lease ran out (null: the row was free). Optional: queues that resume work from
   * their own committed progress do not need it.
   */
  previousHolderColumn?: string;
  /** Columns the claim returns. */
  returning: readonly string[] | '*';
}

export interface ClaimOptions {
  now: number;
  limit: number;
  leaseMs: number;
  workerId: string;
  /** Rows to leave unclaimed for now: those whose `column` is one of `values` (kept short: a few dozen). */
  skip?: { column: string; values: readonly string[] };
}

/**
 * Leases up to `limit` due rows of `queue` to `workerId` until `now + leaseMs`, oldest due first, and returns
 * them. One statement on both databases: on SQLite it is atomic by itself (writers are serialised), which
 * saves the BEGIN/SELECT/COMMIT round of a separate select; on PostgreSQL the subquery takes its rows `FOR
 * UPDATE SKIP LOCKED`, so any number of workers share the queue without waiting on each other.
 */
export async function claimLeased<R>(db: Kx, profile: DbProfile, queue: LeaseQueue, o: ClaimOptions) {
  const r = await claimLeasedStatement<R>(profile, queue, o).execute(db);
  return r.rows;
}

/**
 * The claim of `claimLeased` as a statement not yet run, for a caller that reads the claimed rows' related
 * rows in the same statement (`WITH claimed AS (…) SELECT …`, where the database allows `modifyingCte`).
 */
export function claimLeasedStatement<R>(
  profile: DbProfile,
  queue: LeaseQueue,
  o: ClaimOptions,
): RawBuilder<R> {
  const t = sql.table(queue.table);
  const due = sql.ref(queue.dueColumn);
  const key = sql.ref(queue.key);
  const extra: RawBuilder<unknown>[] = Object.entries(queue.set ?? {}).map(
    ([column, value]) => sql`, ${sql.ref(column)} = ${value}`,
  );
  // Every right-hand side of an UPDATE reads the row as it was before, on both databases.
  if (queue.previousHolderColumn) extra.push(sql`, ${sql.ref(queue.previousHolderColumn)} = locked_by`);
  const lock = profile.skipLocked ? sql` for update skip locked` : sql``;
  const returning = queue.returning === '*' ? sql`*` : sql.join(queue.returning.map((c) => sql.ref(c)));
  const skip =
    o.skip && o.skip.values.length > 0
      ? sql` and ${sql.ref(o.skip.column)} not in (${sql.join(o.skip.values)})`
      : sql``;
  return sql<R>`update ${t} set ${due} = ${o.now + o.leaseMs}, locked_by = ${o.workerId}${sql.join(extra, sql``)}
    where ${key} in (select ${key} from ${t} where ${due} <= ${o.now}${skip} order by ${due} limit ${o.limit}${lock})
    returning ${returning}`;
}
