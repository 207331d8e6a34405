import { definePeriodicJob } from '../jobs/index.js';
import type { AppContext } from '../platform/context.js';
import { transact } from '../platform/db/transaction.js';
import { lockLoyaltyCard } from '../vouchers/index.js';
import { lastDueDay } from './loyalty.expiration.js';
import { expireBucket } from './loyalty-points.service.js';
import * as repo from './loyalty.repository.js';

/** Cards handled per transaction, and transactions per run; what is left waits for the next period. */
const CARDS_PER_BATCH = 50;
const BATCHES_PER_RUN = 200;

/**
 * Expires every bucket whose last good day is over, card by card: each card in its own short transaction
 * that first locks the card (so no spend of it runs in between), then expires its due buckets one by one,
 * each only if still active. A bucket is expired once, however many runs or processes meet it; a run after
 * downtime catches up on every day missed. Returns the buckets expired.
 */
export async function expireDuePoints(ctx: Pick<AppContext, 'db' | 'clock' | 'outboxBell'>): Promise<number> {
  let expired = 0;
  for (let batch = 0; batch < BATCHES_PER_RUN; batch++) {
    const lastDay = lastDueDay(ctx.clock.now());
    const cards = await repo.cardsWithDueBuckets(ctx.db.kysely, lastDay, CARDS_PER_BATCH);
    if (cards.length === 0) break;
    for (const cardId of cards)
      expired += await transact(ctx, async (tx) => {
        const card = await lockLoyaltyCard(tx, cardId);
        let n = 0;
        for (const bucket of await repo.dueBucketsOfCard(tx.db, cardId, lastDay))
          if (await expireBucket(tx, card, bucket)) n++;
        return n;
      });
  }
  return expired;
}

/** The points expiration, once per `VOUCHSAFE_POINTS_EXPIRATION_INTERVAL_MS` across all workers. */
export const pointsExpirationJob = definePeriodicJob({
  name: 'loyalties.points_expiration',
  periodMs: (config) => config.pointsExpirationIntervalMs,
  async run(ctx) {
    const n = await expireDuePoints(ctx);
    if (n > 0) ctx.log.info({ expired: n }, 'points expiration');
  },
});
