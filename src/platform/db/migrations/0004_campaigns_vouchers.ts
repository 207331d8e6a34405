import type { Kysely } from 'kysely';

/** Campaigns, vouchers and async actions (the generation and import jobs). Never edit once shipped. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('campaign_type', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('voucher', 'text')
    .addColumn('auto_join', 'integer', (c) => c.notNull())
    .addColumn('join_once', 'integer', (c) => c.notNull())
    .addColumn('use_voucher_metadata_schema', 'integer', (c) => c.notNull())
    .addColumn('start_date', 'bigint')
    .addColumn('expiration_date', 'bigint')
    .addColumn('validity_timeframe', 'text')
    .addColumn('validity_day_of_week', 'text')
    .addColumn('validity_hours', 'text')
    .addColumn('activity_duration_after_publishing', 'text')
    .addColumn('vouchers_count', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('category', 'text')
    .addColumn('creation_status', 'text', (c) => c.notNull())
    .addColumn('vouchers_generation_status', 'text', (c) => c.notNull())
    .addColumn('referral_program', 'text')
    .addColumn('loyalty_tiers_expiration', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint')
    .addColumn('deleted_at', 'bigint')
    .addColumn('purging', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('campaigns_name')
    .on('campaigns')
    .columns(['project_id', 'name'])
    .unique()
    .execute();
  await db.schema
    .createIndex('campaigns_project_created')
    .on('campaigns')
    .columns(['project_id', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('vouchers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('campaign_id', 'text')
    .addColumn('category', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('discount', 'text')
    .addColumn('gift_amount', 'bigint')
    .addColumn('gift_subtracted_amount', 'bigint')
    .addColumn('gift_balance', 'bigint')
    .addColumn('gift_effect', 'text')
    .addColumn('loyalty_points', 'bigint')
    .addColumn('loyalty_balance', 'bigint')
    .addColumn('loyalty_pending_points', 'bigint')
    .addColumn('loyalty_expired_points', 'bigint')
    .addColumn('loyalty_subtracted_points', 'bigint')
    .addColumn('start_date', 'bigint')
    .addColumn('expiration_date', 'bigint')
    .addColumn('validity_timeframe', 'text')
    .addColumn('validity_day_of_week', 'text')
    .addColumn('validity_hours', 'text')
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('additional_info', 'text')
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('is_referral_code', 'integer', (c) => c.notNull())
    .addColumn('holder_id', 'text')
    .addColumn('referrer_id', 'text')
    .addColumn('redemption_quantity', 'integer')
    .addColumn('redeemed_quantity', 'integer', (c) => c.notNull())
    .addColumn('redeemed_amount', 'bigint', (c) => c.notNull())
    .addColumn('redeemed_points', 'bigint', (c) => c.notNull())
    .addColumn('publish_count', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint')
    .addColumn('deleted_at', 'bigint')
    .execute();
  // Codes are unique across the project; generation relies on this index (INSERT … ON CONFLICT DO NOTHING).
  await db.schema
    .createIndex('vouchers_code')
    .on('vouchers')
    .columns(['project_id', 'code'])
    .unique()
    .execute();
  await db.schema
    .createIndex('vouchers_campaign')
    .on('vouchers')
    .columns(['campaign_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('vouchers_project_created')
    .on('vouchers')
    .columns(['project_id', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('async_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .addColumn('progress', 'integer', (c) => c.notNull())
    .addColumn('result', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint')
    .addColumn('started_at', 'bigint')
    .addColumn('completed_at', 'bigint')
    .addColumn('locked_by', 'text')
    .addColumn('next_run_at', 'bigint')
    .execute();
  await db.schema.createIndex('async_actions_due').on('async_actions').columns(['next_run_at']).execute();
  await db.schema
    .createIndex('async_actions_project_created')
    .on('async_actions')
    .columns(['project_id', 'created_at', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('async_actions').execute();
  await db.schema.dropTable('vouchers').execute();
  await db.schema.dropTable('campaigns').execute();
}
