import type { AppContext } from '../platform/context.js';
import type { Kx } from '../platform/db/connect.js';
import { invalidQueryParams, notFound } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import * as repo from './async-action.repository.js';
import type { AsyncActionRow } from './async-action.table.js';

type Ctx = Pick<AppContext, 'db' | 'clock'>;

/** The PostgreSQL channel that wakes job runners in other processes. */
export const JOBS_CHANNEL = 'vouchsafe_jobs';

/**
 * Stores a new ENQUEUED action, due at once. Only the job machinery calls it (`enqueueJob` in src/jobs/),
 * which checks the payload against its job's schema first and wakes the runner after commit.
 */
export async function insertEnqueuedAction(
  db: Kx,
  input: { projectId: string; type: string; requestId: string | null; payload: string; now: number },
): Promise<AsyncActionRow> {
  const row: AsyncActionRow = {
    id: newId('asyncAction'),
    project_id: input.projectId,
    type: input.type,
    status: 'ENQUEUED',
    request_id: input.requestId,
    progress: 0,
    result: null,
    payload: input.payload,
    created_at: input.now,
    updated_at: null,
    started_at: null,
    completed_at: null,
    locked_by: null,
    next_run_at: input.now,
  };
  await repo.insertAsyncAction(db, row);
  return row;
}

export async function getAsyncAction(ctx: Ctx, projectId: string, id: string): Promise<AsyncActionRow> {
  const row = await repo.findAsyncAction(ctx.db.kysely, projectId, id);
  if (!row) throw notFound('async_action', id);
  return row;
}

/** `GET /v1/async-actions`: newest first; `end_date` keeps those created before it. */
export async function listAsyncActions(ctx: Ctx, projectId: string, q: { limit: number; end_date?: string }) {
  let before: number | undefined;
  if (q.end_date !== undefined) {
    before = Date.parse(q.end_date);
    if (Number.isNaN(before))
      throw invalidQueryParams(`Property .end_date cannot be recognized as a ISO-8601 compliant date`);
  }
  return repo.selectAsyncActions(ctx.db.kysely, projectId, { limit: q.limit, before });
}
