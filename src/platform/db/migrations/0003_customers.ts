import type { Kysely } from 'kysely';

/** Customers and unconfirmed (double opt-in) customers. Never edit once shipped: add a new file. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('customers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('source_id', 'text')
    .addColumn('name', 'text')
    .addColumn('description', 'text')
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('birthday', 'text')
    .addColumn('birthdate', 'text')
    .addColumn('address', 'text')
    .addColumn('city', 'text')
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint')
    .addColumn('deleted_at', 'bigint')
    .execute();
  // Deleting renames source_id (Voucherify's `<source_id>_deleted<time>`), so live ids stay unique here.
  await db.schema
    .createIndex('customers_source_id')
    .on('customers')
    .columns(['project_id', 'source_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('customers_project_created')
    .on('customers')
    .columns(['project_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('customers_project_email')
    .on('customers')
    .columns(['project_id', 'email'])
    .execute();

  await db.schema
    .createTable('unconfirmed_customers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('source_id', 'text')
    .addColumn('email', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('unconfirmed_customers_project')
    .on('unconfirmed_customers')
    .columns(['project_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('unconfirmed_customers').execute();
  await db.schema.dropTable('customers').execute();
}
