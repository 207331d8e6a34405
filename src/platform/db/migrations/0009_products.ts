import type { Kysely } from 'kysely';

/** Products (`prod_…`) and their SKUs (`sku_…`). Never edit once shipped. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('products')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('source_id', 'text')
    .addColumn('name', 'text')
    .addColumn('price', 'bigint')
    .addColumn('attributes', 'text', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('image_url', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint')
    .execute();
  // A source_id names one product in the project (NULLs are distinct on both databases).
  await db.schema
    .createIndex('products_source_id')
    .on('products')
    .columns(['project_id', 'source_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('products_project_created')
    .on('products')
    .columns(['project_id', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('skus')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id').onDelete('cascade'))
    .addColumn('source_id', 'text')
    .addColumn('sku', 'text')
    .addColumn('price', 'bigint')
    .addColumn('currency', 'text')
    .addColumn('attributes', 'text', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('image_url', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('skus_source_id')
    .on('skus')
    .columns(['project_id', 'source_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('skus_product')
    .on('skus')
    .columns(['product_id', 'created_at', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('skus').execute();
  await db.schema.dropTable('products').execute();
}
