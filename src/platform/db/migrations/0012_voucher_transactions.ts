import type { Kysely } from 'kysely';

/** Gift-card credit transactions (`vtx_…`). Never edit once shipped. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('voucher_transactions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('voucher_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('campaign_id', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('source', 'text')
    .addColumn('source_id', 'text')
    .addColumn('reason', 'text')
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('balance', 'bigint', (c) => c.notNull())
    .addColumn('total', 'bigint', (c) => c.notNull())
    .addColumn('order_id', 'text')
    .addColumn('order_source_id', 'text')
    .addColumn('redemption_id', 'text')
    .addColumn('rollback_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  // One number per movement of a card: a second writer of the same number is a bug, refused here.
  await db.schema
    .createIndex('voucher_transactions_seq')
    .on('voucher_transactions')
    .columns(['voucher_id', 'seq'])
    .unique()
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('voucher_transactions').execute();
}
