import type { Kysely } from 'kysely';

/** Redemptions, failed redemptions and rollbacks (one table). Never edit once shipped. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('redemptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('object', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text')
    .addColumn('is_parent', 'integer', (c) => c.notNull())
    .addColumn('redemption_id', 'text')
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('failure_code', 'text')
    .addColumn('failure_message', 'text')
    .addColumn('voucher_id', 'text')
    .addColumn('voucher_code', 'text')
    .addColumn('campaign_id', 'text')
    .addColumn('customer_id', 'text')
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('discount', 'bigint', (c) => c.notNull())
    .addColumn('order_id', 'text')
    .addColumn('order_source_id', 'text')
    .addColumn('request_key', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('answer', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  // A successful request is redeemed once: its key names one top redemption (NULLs are distinct).
  await db.schema
    .createIndex('redemptions_request_key')
    .on('redemptions')
    .columns(['project_id', 'request_key'])
    .unique()
    .execute();
  await db.schema
    .createIndex('redemptions_project_created')
    .on('redemptions')
    .columns(['project_id', 'created_at', 'id'])
    .execute();
  await db.schema.createIndex('redemptions_voucher').on('redemptions').columns(['voucher_id']).execute();
  await db.schema.createIndex('redemptions_parent').on('redemptions').columns(['parent_id']).execute();
  await db.schema
    .createIndex('redemptions_rolled_back')
    .on('redemptions')
    .columns(['redemption_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('redemptions').execute();
}
