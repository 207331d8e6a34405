import type { Kx } from '../platform/db/connect.js';
import type { WebhooksTable } from './webhook.table.js';

export type WebhookRow = WebhooksTable;

export async function insertWebhook(db: Kx, row: WebhookRow): Promise<void> {
  await db.insertInto('webhooks').values(row).execute();
}

export async function findWebhook(db: Kx, projectId: string, id: string): Promise<WebhookRow | undefined> {
  return db
    .selectFrom('webhooks')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function selectWebhooks(db: Kx, projectId: string): Promise<WebhookRow[]> {
  return db
    .selectFrom('webhooks')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .execute();
}

/** Active webhooks of a project; recordEvent filters them by subscription. */
export async function selectActiveWebhooks(db: Kx, projectId: string): Promise<WebhookRow[]> {
  return db
    .selectFrom('webhooks')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('active', '=', 1)
    .execute();
}

export async function updateWebhookRow(db: Kx, id: string, patch: Partial<WebhookRow>): Promise<void> {
  await db.updateTable('webhooks').set(patch).where('id', '=', id).execute();
}

export async function deleteWebhookRow(db: Kx, projectId: string, id: string): Promise<boolean> {
  const r = await db
    .deleteFrom('webhooks')
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Switches an active webhook off; an already inactive one keeps its first reason. */
export async function deactivateWebhookRow(db: Kx, id: string, now: number, reason: string): Promise<void> {
  await db
    .updateTable('webhooks')
    .set({ active: 0, disabled_at: now, disabled_reason: reason, updated_at: now })
    .where('id', '=', id)
    .where('active', '=', 1)
    .execute();
}
