import type { Kysely } from 'kysely';

/**
 * Two reads of pending points that only the status index served, scanning every entry still pending: a
 * program's list (newest first, by campaign) and the entries of an order that is canceled. Never edit once
 * shipped: add a new file.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('pending_points_campaign')
    .on('pending_points')
    .columns(['campaign_id', 'status', 'created_at', 'id'])
    .execute();
  await db.schema.createIndex('pending_points_order').on('pending_points').columns(['order_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('pending_points_order').execute();
  await db.schema.dropIndex('pending_points_campaign').execute();
}
