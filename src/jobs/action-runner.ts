import {
  type AsyncActionRow,
  claimDueActions,
  findActionById,
  renewLease,
  updateAsyncAction,
} from '../async-actions/index.js';
import type { AppContext } from '../platform/context.js';
import { type Tx, transact } from '../platform/db/transaction.js';
import type { JobDefinition, JobResult, StepOutcome } from './job.js';
import { checkPayload, JobPayloadError } from './payload.js';
import type { JobRegistry } from './registry.js';

/** After a step throws, the action is tried again this much later (a database hiccup, a bug being fixed). */
const RETRY_AFTER_ERROR_MS = 5000;

type Ctx = Pick<AppContext, 'db' | 'clock' | 'outboxBell' | 'jobsBell' | 'log' | 'config'>;

/** Ends an action: the one place that writes the finish fields. */
async function finishAction(
  tx: Tx,
  action: AsyncActionRow,
  status: 'DONE' | 'FAILED',
  result: JobResult,
  progress: number,
  payload: string,
) {
  await updateAsyncAction(tx.db, action.id, {
    status,
    result: JSON.stringify(result),
    progress,
    payload,
    started_at: action.started_at ?? tx.now,
    updated_at: tx.now,
    completed_at: tx.now,
    next_run_at: null,
    locked_by: null,
  });
}

/** Writes what a step said: the new state and progress, or the end of the action. */
async function applyOutcome(tx: Tx, def: JobDefinition, action: AsyncActionRow, out: StepOutcome<unknown>) {
  if (out.next === 'continue') {
    await updateAsyncAction(tx.db, action.id, {
      status: 'IN_PROGRESS',
      started_at: action.started_at ?? tx.now,
      payload: JSON.stringify(checkPayload(def, out.payload)),
      progress: out.progress,
      updated_at: tx.now,
    });
    return 'continue' as const;
  }
  const payload = out.payload === undefined ? action.payload : JSON.stringify(checkPayload(def, out.payload));
  const progress = out.progress ?? (out.next === 'done' ? 100 : action.progress);
  await finishAction(tx, action, out.next === 'done' ? 'DONE' : 'FAILED', out.result, progress, payload);
  return 'finished' as const;
}

/** One step in the caller's transaction: read the action back, check its payload, run the job's step. */
async function step(ctx: Ctx, registry: JobRegistry, tx: Tx, id: string) {
  const action = (await findActionById(tx.db, id))!;
  const def = registry.jobs.get(action.type);
  if (!def) {
    await finishAction(
      tx,
      action,
      'FAILED',
      { message: `No job handles ${action.type}` },
      action.progress,
      action.payload,
    );
    return 'finished' as const;
  }
  let payload: unknown;
  try {
    payload = checkPayload(def, JSON.parse(action.payload));
  } catch (e) {
    if (!(e instanceof JobPayloadError || e instanceof SyntaxError)) throw e;
    await finishAction(tx, action, 'FAILED', { message: e.message }, action.progress, action.payload);
    return 'finished' as const;
  }
  const status = action.status === 'ENQUEUED' ? 'ENQUEUED' : 'IN_PROGRESS';
  const out = await def.step(ctx, tx, {
    id: action.id,
    projectId: action.project_id,
    requestId: action.request_id,
    status,
    payload,
  });
  return applyOutcome(tx, def, action, out);
}

/** Gives the action back: due again `afterMs` from now, for any worker. */
async function handBack(ctx: Ctx, id: string, workerId: string, afterMs: number) {
  await transact(ctx, async (tx) => {
    if (await renewLease(tx.db, id, workerId, tx.now + afterMs))
      await updateAsyncAction(tx.db, id, { locked_by: null });
  });
}

/**
 * Runs one claimed action step by step until it finishes, the lease is lost, or `shouldStop` says so. Each
 * step renews the lease first, in the step's own transaction; a step whose renewal fails writes nothing.
 */
async function runAction(
  ctx: Ctx,
  registry: JobRegistry,
  action: AsyncActionRow,
  workerId: string,
  shouldStop: () => boolean,
) {
  for (;;) {
    let outcome: 'continue' | 'finished' | 'lost';
    try {
      outcome = await transact(ctx, async (tx) => {
        if (!(await renewLease(tx.db, action.id, workerId, tx.now + ctx.config.dispatchLeaseMs)))
          return 'lost';
        return step(ctx, registry, tx, action.id);
      });
    } catch (e) {
      ctx.log.error({ err: e, asyncActionId: action.id }, 'job step failed; it will be tried again');
      await handBack(ctx, action.id, workerId, RETRY_AFTER_ERROR_MS).catch(() => {});
      return;
    }
    if (outcome !== 'continue') return;
    // Hand the action back at once rather than let another worker wait for the lease to run out.
    if (shouldStop()) return handBack(ctx, action.id, workerId, 0);
  }
}

/** Claims one due action at the clock's time and runs it; false when nothing was due. */
export async function runNextAction(
  ctx: Ctx,
  registry: JobRegistry,
  workerId: string,
  shouldStop: () => boolean,
): Promise<boolean> {
  const [action] = await claimDueActions(ctx.db.kysely, ctx.db.profile, {
    now: ctx.clock.now(),
    limit: 1,
    leaseMs: ctx.config.dispatchLeaseMs,
    workerId,
  });
  if (!action) return false;
  await runAction(ctx, registry, action, workerId, shouldStop);
  return true;
}
