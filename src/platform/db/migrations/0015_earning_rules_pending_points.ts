import type { Kysely } from 'kysely';

/** Earning rules (`ern_…`) and pending points (`lopp_…`) of loyalty campaigns. Never edit once shipped. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('earning_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('loyalty', 'text', (c) => c.notNull())
    .addColumn('custom_event', 'text')
    .addColumn('segment', 'text')
    .addColumn('loyalty_tier', 'text')
    .addColumn('pending_points', 'text')
    .addColumn('source_banner', 'text')
    .addColumn('validation_rule_id', 'text')
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('start_date', 'bigint')
    .addColumn('expiration_date', 'bigint')
    .addColumn('validity_timeframe', 'text')
    .addColumn('validity_day_of_week', 'text')
    .addColumn('validity_hours', 'text')
    .addColumn('expiration_rules', 'text')
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('automation_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('earning_rules_campaign')
    .on('earning_rules')
    .columns(['project_id', 'campaign_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('earning_rules_event')
    .on('earning_rules')
    .columns(['project_id', 'event', 'active'])
    .execute();

  await db.schema
    .createTable('pending_points')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('voucher_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('earning_rule_id', 'text', (c) => c.notNull())
    .addColumn('points', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('activates_at', 'bigint', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('pending_points_voucher')
    .on('pending_points')
    .columns(['voucher_id', 'status', 'created_at', 'id'])
    .execute();
  // The activation job's scan: pending entries whose time has come, oldest first.
  await db.schema
    .createIndex('pending_points_due')
    .on('pending_points')
    .columns(['status', 'activates_at', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('pending_points').execute();
  await db.schema.dropTable('earning_rules').execute();
}
