import { hostname } from 'node:os';
import { JOBS_CHANNEL, releaseAllLeases } from '../async-actions/index.js';
import type { AppContext } from '../platform/context.js';
import { randomBase62 } from '../platform/ids.js';
import { runNextAction } from './action-runner.js';
import { runDuePeriodicJobs, schedulePeriodicJobs } from './periodic-runner.js';
import type { JobRegistry } from './registry.js';

export interface JobRunner {
  /**
   * Runs every action due at the clock's current time to its end, and every periodic job that is due, then
   * returns how many actions ran. Tests drive jobs with it instead of waiting for the background loop.
   */
  drain(): Promise<number>;
  /** Runs the periodic jobs that are due now; returns how many ran. */
  runPeriodic(): Promise<number>;
  /** Starts the background loop; resolves to its stop function. */
  start(): Promise<() => Promise<void>>;
}

/**
 * The job runner of one process. The loop claims due async actions one at a time, woken by the in-process
 * doorbell, by NOTIFY from other processes on PostgreSQL, or by the poll interval; between actions it runs
 * the periodic jobs that are due. Leases and polling reuse the dispatcher's settings
 * (`VOUCHSAFE_DISPATCH_LEASE_MS`, `VOUCHSAFE_DISPATCH_POLL_MS`).
 */
export function createJobRunner(ctx: AppContext, registry: JobRegistry): JobRunner {
  const workerId = `${hostname()}:${process.pid}:${randomBase62(6)}:jobs`;
  let scheduled = false;
  const runPeriodic = async () => {
    if (!scheduled) {
      await schedulePeriodicJobs(ctx, registry);
      scheduled = true;
    }
    return runDuePeriodicJobs(ctx, registry, workerId);
  };
  return {
    async drain() {
      let n = 0;
      while (await runNextAction(ctx, registry, workerId, () => false)) n++;
      await runPeriodic();
      return n;
    },
    runPeriodic,
    async start() {
      const bell = ctx.jobsBell;
      // One process holds a SQLite database, so a lease found at start belongs to a process that died.
      if (!ctx.db.profile.skipLocked) await releaseAllLeases(ctx.db.kysely, ctx.clock.now());
      const unlisten = await ctx.db.listen(JOBS_CHANNEL, () => bell.ringHere());
      let stopping = false;
      let periodicDueCheck = 0;
      const loop = (async () => {
        while (!stopping) {
          let ran = false;
          try {
            ran = await runNextAction(ctx, registry, workerId, () => stopping);
            // At most one periodic claim per poll interval: each is a write on SQLite.
            if (!stopping && ctx.clock.now() >= periodicDueCheck) {
              periodicDueCheck = ctx.clock.now() + ctx.config.dispatchPollMs;
              await runPeriodic();
            }
          } catch (e) {
            ctx.log.error({ err: e }, 'claiming jobs failed; retrying after the poll interval');
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
    },
  };
}
