import { definePeriodicJob } from '../jobs/index.js';
import type { AppContext } from '../platform/context.js';
import { transact } from '../platform/db/transaction.js';
import { purgeOlderThan } from './sendout.repository.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Deletes events, final send-outs and attempts older than the retention period. Returns rows deleted. */
export async function purgeExpired(ctx: Pick<AppContext, 'db' | 'clock' | 'config'>): Promise<number> {
  const cutoff = ctx.clock.now() - ctx.config.retentionDays * DAY_MS;
  return transact(ctx, (tx) => purgeOlderThan(tx.db, cutoff));
}

/** The retention purge, once per `VOUCHSAFE_RETENTION_INTERVAL_MS` (an hour by default) across all workers. */
export const retentionJob = definePeriodicJob({
  name: 'webhooks.retention',
  periodMs: (config) => config.retentionIntervalMs,
  async run(ctx) {
    const n = await purgeExpired(ctx);
    if (n > 0) ctx.log.info({ deleted: n }, 'retention purge');
  },
});
