import type { Kx } from '../platform/db/connect.js';
import { deleteById, findInProject, updateById } from '../platform/db/rows.js';
import type { WebhooksTable } from './webhook.table.js';

export type WebhookRow = WebhooksTable;

export async function insertWebhook(db: Kx, row: WebhookRow): Promise<void> {
  await db.insertInto('webhooks').values(row).execute();
}

export async function findWebhook(db: Kx, projectId: string, id: string): Promise<WebhookRow | undefined> {
  return findInProject(db, 'webhooks', projectId, { id });
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

export async function updateWebhookRow(db: Kx, id: string, patch: Partial<WebhookRow>): Promise<void> {
  await updateById(db, 'webhooks', id, patch);
}

export async function deleteWebhookRow(db: Kx, projectId: string, id: string): Promise<boolean> {
  return deleteById(db, 'webhooks', id, projectId);
}

/** Moves `last_success_at` forward to `at` (never back: batches may commit out of order). */
export async function touchLastSuccess(db: Kx, id: string, at: number): Promise<void> {
  await db
    .updateTable('webhooks')
    .set({ last_success_at: at })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_success_at', 'is', null), eb('last_success_at', '<', at)]))
    .execute();
}

/**
 * Switches an active webhook off unless its endpoint answered 2XX at or after `since`; an already inactive one
 * keeps its first reason.
 */
export async function deactivateDeadWebhookRow(
  db: Kx,
  id: string,
  o: { now: number; reason: string; since: number },
): Promise<void> {
  await db
    .updateTable('webhooks')
    .set({ active: 0, disabled_at: o.now, disabled_reason: o.reason, updated_at: o.now })
    .where('id', '=', id)
    .where('active', '=', 1)
    .where((eb) => eb.or([eb('last_success_at', 'is', null), eb('last_success_at', '<', o.since)]))
    .execute();
}
