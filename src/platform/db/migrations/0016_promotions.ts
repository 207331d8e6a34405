import type { Kysely } from 'kysely';

/**
 * Promotion tiers and promotion stacks of PROMOTION campaigns, and the tier a redemption redeemed (for the
 * `redemption.count.*` rules assigned to a tier, and the tier's summary on a rollback). Never edit once shipped.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('promotion_tiers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('banner', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('hierarchy', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('start_date', 'bigint')
    .addColumn('expiration_date', 'bigint')
    .addColumn('validity_timeframe', 'text')
    .addColumn('validity_day_of_week', 'text')
    .addColumn('validity_hours', 'text')
    .addColumn('category', 'text')
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('total_redeemed', 'bigint', (c) => c.notNull())
    .addColumn('orders_total_amount', 'bigint', (c) => c.notNull())
    .addColumn('orders_total_discount_amount', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('promotion_tiers_campaign')
    .on('promotion_tiers')
    .columns(['campaign_id', 'hierarchy', 'created_at'])
    .execute();
  await db.schema
    .createIndex('promotion_tiers_project_created')
    .on('promotion_tiers')
    .columns(['project_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createTable('promotion_stacks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('tier_ids', 'text', (c) => c.notNull())
    .addColumn('hierarchy_mode', 'text', (c) => c.notNull())
    .addColumn('category_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('promotion_stacks_campaign')
    .on('promotion_stacks')
    .columns(['campaign_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('promotion_stacks_project_created')
    .on('promotion_stacks')
    .columns(['project_id', 'created_at', 'id'])
    .execute();
  await db.schema.alterTable('redemptions').addColumn('promotion_tier_id', 'text').execute();
  await db.schema
    .createIndex('redemptions_promotion_tier')
    .on('redemptions')
    .columns(['promotion_tier_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('redemptions_promotion_tier').execute();
  await db.schema.alterTable('redemptions').dropColumn('promotion_tier_id').execute();
  await db.schema.dropTable('promotion_stacks').execute();
  await db.schema.dropTable('promotion_tiers').execute();
}
