import { definePeriodicJob } from '../jobs/index.js';
import type { AppContext } from '../platform/context.js';
import { transact } from '../platform/db/transaction.js';
import { INTERNAL_SOURCE } from '../webhooks/index.js';
import { activateEntry } from './pending-points.service.js';
import { duePendingPoints } from './pending-points.repository.js';

// Entries read per query; each is activated in its own transaction, so one that fails (its card deleted since)
// rolls back alone and the others go on.
const BATCH = 100;

/**
 * Activates every pending entry whose `activates_at` has passed, oldest first, each with a
 * PENDING_POINTS_ACTIVATION transaction and `pending_points.activated` (channel INTERNAL). Returns how many
 * it activated. An entry leaves PENDING by a conditional update, so two runs at once (two workers, or a run
 * and a request) never activate it twice; a run after downtime catches up on all that fell due. An entry
 * that fails is logged and left for the next run.
 */
export async function activateDuePendingPoints(ctx: Pick<AppContext, 'db' | 'clock' | 'outboxBell' | 'log'>) {
  let activated = 0;
  const failed = new Set<string>();
  for (;;) {
    const due = (await duePendingPoints(ctx.db.kysely, ctx.clock.now(), BATCH + failed.size)).filter(
      (e) => !failed.has(e.id),
    );
    if (due.length === 0) return activated;
    for (const entry of due) {
      const cause = { projectId: entry.project_id, requestId: null, source: INTERNAL_SOURCE };
      try {
        if (await transact(ctx, (tx) => activateEntry(tx, cause, entry))) activated++;
      } catch (err) {
        failed.add(entry.id);
        ctx.log.warn({ err, pendingPointsId: entry.id }, 'pending points not activated');
      }
    }
  }
}

/** Pending-points activation, once per `VOUCHSAFE_POINTS_ACTIVATION_INTERVAL_MS` across all workers. */
export const pointsActivationJob = definePeriodicJob({
  name: 'loyalties.points_activation',
  periodMs: (config) => config.pointsActivationIntervalMs,
  async run(ctx) {
    const n = await activateDuePendingPoints(ctx);
    if (n > 0) ctx.log.info({ activated: n }, 'pending points activated');
  },
});
