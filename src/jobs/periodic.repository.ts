import type { DbProfile, Kx } from '../platform/db/connect.js';
import { type ClaimOptions, claimLeased, type LeaseQueue } from '../platform/db/lease.js';
import type { PeriodicJobRow } from './periodic-job.table.js';

/** Periodic jobs as a lease queue: one row per job name. */
const PERIODIC_QUEUE: LeaseQueue = {
  table: 'periodic_jobs',
  key: 'name',
  dueColumn: 'next_run_at',
  returning: '*',
};

/** Adds a row, due at `now`, for each name that has none; existing schedules are kept. */
export async function insertMissingPeriodicJobs(db: Kx, names: readonly string[], now: number) {
  if (names.length === 0) return;
  await db
    .insertInto('periodic_jobs')
    .values(names.map((name) => ({ name, next_run_at: now, locked_by: null, runs_count: 0 })))
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
}

export async function claimDuePeriodicJobs(db: Kx, profile: DbProfile, opts: ClaimOptions) {
  return claimLeased<PeriodicJobRow>(db, profile, PERIODIC_QUEUE, opts);
}

/** Ends a run held by `workerId`: schedules the next one and records how this one went. */
export async function finishPeriodicRun(
  db: Kx,
  name: string,
  workerId: string,
  r: { nextRunAt: number; finishedAt: number; startedAt: number; error: string | null },
): Promise<void> {
  await db
    .updateTable('periodic_jobs')
    .set((eb) => ({
      next_run_at: r.nextRunAt,
      locked_by: null,
      last_started_at: r.startedAt,
      last_finished_at: r.finishedAt,
      last_error: r.error,
      runs_count: eb('runs_count', '+', 1),
    }))
    .where('name', '=', name)
    .where('locked_by', '=', workerId)
    .execute();
}

/** Hands a claimed row back untouched but for the lease (a job name this process does not know). */
export async function releasePeriodicJob(db: Kx, name: string, workerId: string): Promise<void> {
  await db
    .updateTable('periodic_jobs')
    .set({ locked_by: null })
    .where('name', '=', name)
    .where('locked_by', '=', workerId)
    .execute();
}

export async function selectPeriodicJobs(db: Kx): Promise<PeriodicJobRow[]> {
  return db.selectFrom('periodic_jobs').selectAll().orderBy('name').execute();
}
