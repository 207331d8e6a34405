import type { AppContext } from '../platform/context.js';
import {
  claimDuePeriodicJobs,
  finishPeriodicRun,
  insertMissingPeriodicJobs,
  releasePeriodicJob,
} from './periodic.repository.js';
import type { JobRegistry } from './registry.js';

/** Adds the schedule rows of jobs that have none, due now. Existing schedules (and their periods) stay. */
export async function schedulePeriodicJobs(ctx: AppContext, registry: JobRegistry): Promise<void> {
  await insertMissingPeriodicJobs(ctx.db.kysely, [...registry.periodic.keys()], ctx.clock.now());
}

/**
 * Claims the periodic jobs that are due and runs each once; returns how many ran. The claim is the lease
 * statement the send-outs use, so of several processes only one gets a given period's run; the next run is
 * due one period after the claim. A run that throws is logged and recorded (`last_error`), and the job runs
 * again next period. A row of a job this process does not know (another version's) is handed back.
 */
export async function runDuePeriodicJobs(
  ctx: AppContext,
  registry: JobRegistry,
  workerId: string,
): Promise<number> {
  const now = ctx.clock.now();
  const rows = await claimDuePeriodicJobs(ctx.db.kysely, ctx.db.profile, {
    now,
    limit: Math.max(1, registry.periodic.size),
    leaseMs: ctx.config.dispatchLeaseMs,
    workerId,
  });
  let ran = 0;
  for (const row of rows) {
    const def = registry.periodic.get(row.name);
    if (!def) {
      await releasePeriodicJob(ctx.db.kysely, row.name, workerId);
      continue;
    }
    let error: string | null = null;
    try {
      await def.run(ctx);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
      ctx.log.error({ err: e, periodicJob: row.name }, 'periodic job failed; it runs again next period');
    }
    await finishPeriodicRun(ctx.db.kysely, row.name, workerId, {
      nextRunAt: now + def.periodMs(ctx.config),
      startedAt: now,
      finishedAt: ctx.clock.now(),
      error,
    });
    ran++;
  }
  return ran;
}
