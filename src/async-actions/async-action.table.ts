/**
 * An async action (`aa_…`): a unit of background work requested through the API, and its job state.
 * The job columns follow the send-outs' claim pattern: a row is due when `next_run_at <= now`; claiming
 * moves `next_run_at` to the end of the lease, so the work of a dead worker becomes due again by itself.
 */
export interface AsyncActionsTable {
  id: string;
  project_id: string;
  /** The job type, as declared by the context that owns the job (`CAMPAIGN.VOUCHERS_GENERATE`, …). */
  type: string;
  status: 'ENQUEUED' | 'IN_PROGRESS' | 'DONE' | 'FAILED';
  /** The request that asked for the work; its events carry it as group_id. */
  request_id: string | null;
  progress: number;
  /** JSON of the result shown by the API (`{message, done_count, …}`), once there is one. */
  result: string | null;
  /** JSON of the job's input and its resumable state (counters, cursors). */
  payload: string;
  created_at: number;
  updated_at: number | null;
  started_at: number | null;
  completed_at: number | null;
  locked_by: string | null;
  /** Null once DONE or FAILED. */
  next_run_at: number | null;
}

export type AsyncActionRow = AsyncActionsTable;
