/**
 * A periodic job's schedule (`periodic_jobs`), one row per job name. The row is the job's queue entry: due
 * when `next_run_at <= now`, claimed under a lease like a send-out, so that one process runs each period.
 */
export interface PeriodicJobsTable {
  name: string;
  next_run_at: number;
  locked_by: string | null;
  last_started_at: number | null;
  last_finished_at: number | null;
  /** The message of the last run's error, null after a run that succeeded. */
  last_error: string | null;
  runs_count: number;
}

export type PeriodicJobRow = PeriodicJobsTable;
