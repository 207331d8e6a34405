import type { Kysely } from 'kysely';

/**
 * What auto-disable and lease takeovers need. Never edit once shipped: add a new file.
 * - `webhooks.last_success_at`: when the endpoint last answered 2XX, so that only a dead endpoint is disabled.
 * - `sendouts.lease_taken_from`: the worker whose expired lease the latest claim took over, so that the try
 *   it lost is recorded.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('webhooks').addColumn('last_success_at', 'bigint').execute();
  await db.schema.alterTable('sendouts').addColumn('lease_taken_from', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sendouts').dropColumn('lease_taken_from').execute();
  await db.schema.alterTable('webhooks').dropColumn('last_success_at').execute();
}
