import type { Kysely } from 'kysely';

/** Periodic jobs: one row per job name, a queue under leases like send-outs and async actions. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('periodic_jobs')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('next_run_at', 'bigint', (c) => c.notNull())
    .addColumn('locked_by', 'text')
    .addColumn('last_started_at', 'bigint')
    .addColumn('last_finished_at', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('runs_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('periodic_jobs').execute();
}
