import type { Kysely } from 'kysely';

/**
 * Loyalty programs: point buckets (`lopb_…`), loyalty card transactions (`vtx_…`, as Voucherify numbers
 * them), tiers (`ltr_…`) and each member's current tier. A member is a loyalty card: a LOYALTY_CARD voucher
 * of a LOYALTY_PROGRAM campaign with a holder; its balance stays on the voucher row. Never edit once shipped.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('loyalty_point_buckets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('campaign_id', 'text')
    .addColumn('voucher_id', 'text', (c) => c.notNull())
    .addColumn('total_points', 'bigint', (c) => c.notNull())
    .addColumn('points', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint')
    .addColumn('request_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('loyalty_point_buckets_card')
    .on('loyalty_point_buckets')
    .columns(['voucher_id', 'status', 'expires_at'])
    .execute();
  // The expiration job's scan: active buckets by expiry date.
  await db.schema
    .createIndex('loyalty_point_buckets_due')
    .on('loyalty_point_buckets')
    .columns(['status', 'expires_at'])
    .execute();

  await db.schema
    .createTable('loyalty_transactions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('voucher_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('campaign_id', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('source', 'text')
    .addColumn('source_id', 'text')
    .addColumn('reason', 'text')
    .addColumn('points', 'bigint', (c) => c.notNull())
    .addColumn('balance', 'bigint', (c) => c.notNull())
    .addColumn('total', 'bigint', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('related_transaction_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  // One number per movement of a card: a second writer of the same number is a bug, refused here.
  await db.schema
    .createIndex('loyalty_transactions_seq')
    .on('loyalty_transactions')
    .columns(['voucher_id', 'seq'])
    .unique()
    .execute();
  await db.schema
    .createIndex('loyalty_transactions_campaign')
    .on('loyalty_transactions')
    .columns(['campaign_id', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('loyalty_tiers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('points_from', 'bigint', (c) => c.notNull())
    .addColumn('points_to', 'bigint')
    .addColumn('earning_rules', 'text', (c) => c.notNull())
    .addColumn('rewards', 'text', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('loyalty_tiers_campaign')
    .on('loyalty_tiers')
    .columns(['campaign_id', 'points_from'])
    .execute();

  await db.schema
    .createTable('loyalty_member_tiers')
    .addColumn('voucher_id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('tier_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('loyalty_member_tiers').execute();
  await db.schema.dropTable('loyalty_tiers').execute();
  await db.schema.dropTable('loyalty_transactions').execute();
  await db.schema.dropTable('loyalty_point_buckets').execute();
}
