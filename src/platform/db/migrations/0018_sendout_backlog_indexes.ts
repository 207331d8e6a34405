import type { Kysely } from 'kysely';

/**
 * The audit log's index for a long history. Never edit once shipped: add a new file.
 * `sendouts_project_created` (project_id, created_at, id) becomes `sendouts_project_created_cover`, the same
 * keys followed by webhook_id and status: the list keeps its ordered scan, and the list's total, its filters
 * by webhook and status, and the chart's counts per bucket and status read the index alone instead of one
 * table row per send-out (at 1,000,000 send-outs the chart went from ~1.2 s to a scan of the index). Only
 * status ever changes of these columns, so the engine's writes move one more index entry per change.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('sendouts_project_created_cover')
    .on('sendouts')
    .columns(['project_id', 'created_at', 'id', 'webhook_id', 'status'])
    .execute();
  await db.schema.dropIndex('sendouts_project_created').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('sendouts_project_created')
    .on('sendouts')
    .columns(['project_id', 'created_at', 'id'])
    .execute();
  await db.schema.dropIndex('sendouts_project_created_cover').execute();
}
