import type { Kysely } from 'kysely';

/** Orders (`ord_…`). Never edit once shipped. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('orders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('source_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text')
    .addColumn('referrer_id', 'text')
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('initial_amount', 'bigint', (c) => c.notNull())
    .addColumn('discount_amount', 'bigint', (c) => c.notNull())
    .addColumn('items_discount_amount', 'bigint', (c) => c.notNull())
    .addColumn('total_discount_amount', 'bigint', (c) => c.notNull())
    .addColumn('total_amount', 'bigint', (c) => c.notNull())
    .addColumn('applied_discount_amount', 'bigint', (c) => c.notNull())
    .addColumn('items_applied_discount_amount', 'bigint', (c) => c.notNull())
    .addColumn('total_applied_discount_amount', 'bigint', (c) => c.notNull())
    .addColumn('items', 'text', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('redemptions', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint')
    .execute();
  // A source_id names one order in the project (NULLs are distinct on both databases).
  await db.schema
    .createIndex('orders_source_id')
    .on('orders')
    .columns(['project_id', 'source_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('orders_project_created')
    .on('orders')
    .columns(['project_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('orders_customer')
    .on('orders')
    .columns(['project_id', 'customer_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('orders').execute();
}
