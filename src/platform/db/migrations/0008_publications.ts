import { type Kysely, sql } from 'kysely';

/** Publications, their vouchers, and who joined which campaign (for join_once). Never edit once shipped. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('publications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('campaign_id', 'text')
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('tracking_id', 'text')
    .addColumn('source_id', 'text')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('voucher_type', 'text', (c) => c.notNull())
    .addColumn('is_referral_code', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  // A source_id names one publication in the project (NULLs are distinct on both databases).
  await db.schema
    .createIndex('publications_source_id')
    .on('publications')
    .columns(['project_id', 'source_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('publications_project_created')
    .on('publications')
    .columns(['project_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('publications_customer')
    .on('publications')
    .columns(['project_id', 'customer_id'])
    .execute();

  await db.schema
    .createTable('publication_vouchers')
    .addColumn('publication_id', 'text', (c) => c.notNull().references('publications.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('voucher_id', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('publication_vouchers_pk', ['publication_id', 'position'])
    .execute();
  await db.schema
    .createIndex('publication_vouchers_code')
    .on('publication_vouchers')
    .columns(['project_id', 'code'])
    .execute();

  // One row per (campaign, customer) that was ever published a voucher of the campaign: join_once inserts
  // here ON CONFLICT DO NOTHING, so two concurrent publications to one customer cannot both pass.
  await db.schema
    .createTable('publication_joins')
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('publication_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('publication_joins_pk', ['campaign_id', 'customer_id'])
    .execute();

  // The free vouchers of a campaign, oldest first: what a publication picks from, without walking past the
  // vouchers already published.
  await db.schema
    .createIndex('vouchers_campaign_free')
    .on('vouchers')
    .columns(['campaign_id', 'created_at', 'id'])
    .where(sql.ref('holder_id'), 'is', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('vouchers_campaign_free').execute();
  await db.schema.dropTable('publication_joins').execute();
  await db.schema.dropTable('publication_vouchers').execute();
  await db.schema.dropTable('publications').execute();
}
