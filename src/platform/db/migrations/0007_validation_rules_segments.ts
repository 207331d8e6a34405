import type { Kysely } from 'kysely';

/** Validation rules, their assignments, and static customer segments. Never edit once shipped. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('validation_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('rules', 'text', (c) => c.notNull())
    .addColumn('error_message', 'text')
    .addColumn('applicable_to', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('context_type', 'text', (c) => c.notNull())
    .addColumn('assignments_count', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('validation_rules_name')
    .on('validation_rules')
    .columns(['project_id', 'name'])
    .unique()
    .execute();
  await db.schema
    .createIndex('validation_rules_project_created')
    .on('validation_rules')
    .columns(['project_id', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('validation_rule_assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('rule_id', 'text', (c) => c.notNull().references('validation_rules.id').onDelete('cascade'))
    .addColumn('related_object_type', 'text', (c) => c.notNull())
    .addColumn('related_object_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  // One assignment per rule and object: a second is 409 duplicate_found (INSERT … ON CONFLICT DO NOTHING).
  await db.schema
    .createIndex('validation_rule_assignments_unique')
    .on('validation_rule_assignments')
    .columns(['rule_id', 'related_object_type', 'related_object_id'])
    .unique()
    .execute();
  // Validations and redemptions look up the rules of a voucher and its campaign by object id.
  await db.schema
    .createIndex('validation_rule_assignments_related')
    .on('validation_rule_assignments')
    .columns(['project_id', 'related_object_id'])
    .execute();

  await db.schema
    .createTable('segments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('segment_members')
    .addColumn('segment_id', 'text', (c) => c.notNull().references('segments.id').onDelete('cascade'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('segment_members_pk', ['segment_id', 'customer_id'])
    .execute();
  // The rule engine asks which segments a customer is in.
  await db.schema
    .createIndex('segment_members_customer')
    .on('segment_members')
    .columns(['customer_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('segment_members').execute();
  await db.schema.dropTable('segments').execute();
  await db.schema.dropTable('validation_rule_assignments').execute();
  await db.schema.dropTable('validation_rules').execute();
}
