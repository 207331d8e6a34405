import { hostname } from 'node:os';
import {
  type AsyncActionRow,
  type AsyncActionType,
  claimDueActions,
  JOBS_CHANNEL,
  releaseAllLeases,
  renewLease,
  updateAsyncAction,
} from '../async-actions/index.js';
import type { AppContext } from '../platform/context.js';
import { transact } from '../platform/db/transaction.js';
import { randomBase62 } from '../platform/ids.js';
import { deleteStep } from './delete.job.js';
import { generateStep } from './generate.job.js';
import { importStep } from './import.job.js';
import type { JobCtx, JobStep } from './job.js';

/** The step function of each async action type. */
const STEPS: Record<AsyncActionType, JobStep> = {
  'CAMPAIGN.VOUCHERS_GENERATE': generateStep,
  'CAMPAIGN.VOUCHERS_IMPORT': importStep,
  'CAMPAIGN.VOUCHERS_DELETE': deleteStep,
};

/** After a step throws, the action is tried again this much later (a database hiccup, a bug being fixed). */
const RETRY_AFTER_ERROR_MS = 5000;

type Ctx = JobCtx & Pick<AppContext, 'config'>;

/**
 * Runs one claimed action step by step until it finishes, the lease is lost, or `shouldStop` says so. Each
 * step renews the lease first, in the step's own transaction; a step whose renewal fails writes nothing.
 */
async function runAction(ctx: Ctx, action: AsyncActionRow, workerId: string, shouldStop: () => boolean) {
  const step = STEPS[action.type];
  for (;;) {
    let outcome: 'continue' | 'finished' | 'lost';
    try {
      outcome = await transact(ctx, async (tx) => {
        if (!(await renewLease(tx.db, action.id, workerId, tx.now + ctx.config.dispatchLeaseMs)))
          return 'lost';
        const fresh = await tx.db
          .selectFrom('async_actions')
          .selectAll()
          .where('id', '=', action.id)
          .executeTakeFirstOrThrow();
        return step(ctx, tx, fresh);
      });
    } catch (e) {
      ctx.log.error({ err: e, asyncActionId: action.id }, 'job step failed; it will be tried again');
      await transact(ctx, async (tx) => {
        if (await renewLease(tx.db, action.id, workerId, tx.now + RETRY_AFTER_ERROR_MS))
          await updateAsyncAction(tx.db, action.id, { locked_by: null });
      }).catch(() => {});
      return;
    }
    if (outcome !== 'continue') return;
    if (shouldStop()) {
      // Hand the action back at once rather than let another worker wait for the lease to run out.
      await transact(ctx, async (tx) => {
        if (await renewLease(tx.db, action.id, workerId, tx.now))
          await updateAsyncAction(tx.db, action.id, { locked_by: null });
      });
      return;
    }
  }
}

/** Claims one due action at the clock's time and runs it; false when nothing was due. */
async function runNext(ctx: Ctx, workerId: string, shouldStop: () => boolean): Promise<boolean> {
  const [action] = await claimDueActions(ctx.db.kysely, ctx.db.profile, {
    now: ctx.clock.now(),
    limit: 1,
    leaseMs: ctx.config.dispatchLeaseMs,
    workerId,
  });
  if (!action) return false;
  await runAction(ctx, action, workerId, shouldStop);
  return true;
}

/**
 * Runs every action due at the clock's current time to its end, then returns how many it ran. Tests drive
 * jobs with it instead of waiting for the background runner.
 */
export async function drainJobs(ctx: Ctx, workerId = `drain:${randomBase62(6)}`): Promise<number> {
  let n = 0;
  while (await runNext(ctx, workerId, () => false)) n++;
  return n;
}

/**
 * The background job runner: claims due async actions one at a time, woken by the in-process doorbell, by
 * NOTIFY from other processes on PostgreSQL, or by the poll interval. Leases and polling reuse the
 * dispatcher's settings (`VOUCHSAFE_DISPATCH_LEASE_MS`, `VOUCHSAFE_DISPATCH_POLL_MS`). Returns `stop`.
 */
export async function startJobRunner(ctx: AppContext): Promise<() => Promise<void>> {
  const workerId = `${hostname()}:${process.pid}:${randomBase62(6)}:jobs`;
  const bell = ctx.jobsBell;
  // One process holds a SQLite database, so a lease found at start belongs to a process that died: resume now.
  if (!ctx.db.profile.skipLocked) await releaseAllLeases(ctx.db.kysely, ctx.clock.now());
  const unlisten = await ctx.db.listen(JOBS_CHANNEL, () => bell.ring());
  let stopping = false;
  const loop = (async () => {
    while (!stopping) {
      let ran = false;
      try {
        ran = await runNext(ctx, workerId, () => stopping);
      } catch (e) {
        ctx.log.error({ err: e }, 'claiming async actions failed; retrying after the poll interval');
      }
      if (!ran && !stopping) await bell.wait(ctx.config.dispatchPollMs);
    }
  })();
  return async () => {
    stopping = true;
    bell.ring();
    await loop;
    await unlisten?.();
  };
}
