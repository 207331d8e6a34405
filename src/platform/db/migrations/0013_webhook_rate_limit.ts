import type { Kysely } from 'kysely';

/**
 * Per-webhook rate limits. Never edit once shipped: add a new file.
 * - `webhooks.rate_limit`: deliveries per second the dispatcher may send to the webhook, across all worker
 *   processes (our extension of the webhook object); null for no limit.
 * - `webhooks.rate_tat`: the limiter's state, the theoretical arrival time of the next delivery (GCRA), in
 *   microseconds since the epoch; null until the first limited delivery.
 * - `webhooks.rate_granted`: how many deliveries the latest reservation granted, so that one UPDATE both
 *   reserves and tells the caller what it got.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('webhooks').addColumn('rate_limit', 'integer').execute();
  await db.schema.alterTable('webhooks').addColumn('rate_tat', 'bigint').execute();
  await db.schema.alterTable('webhooks').addColumn('rate_granted', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('webhooks').dropColumn('rate_granted').execute();
  await db.schema.alterTable('webhooks').dropColumn('rate_tat').execute();
  await db.schema.alterTable('webhooks').dropColumn('rate_limit').execute();
}
