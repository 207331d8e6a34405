import type { AppContext } from '../platform/context.js';
import { transact } from '../platform/db/transaction.js';
import { purgeOlderThan } from './sendout.repository.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Deletes events, final send-outs and attempts older than the retention period. Returns rows deleted. */
export async function purgeExpired(ctx: Pick<AppContext, 'db' | 'clock' | 'config'>): Promise<number> {
  const cutoff = ctx.clock.now() - ctx.config.retentionDays * DAY_MS;
  return transact(ctx, (tx) => purgeOlderThan(tx.db, cutoff));
}

/** Runs the purge now and then hourly, until the returned stop function is called. */
export function startRetentionJob(ctx: AppContext, everyMs = 60 * 60 * 1000): () => void {
  const run = () =>
    purgeExpired(ctx)
      .then((n) => n > 0 && ctx.log.info({ deleted: n }, 'retention purge'))
      .catch((e) => ctx.log.error({ err: e }, 'retention purge failed'));
  void run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
