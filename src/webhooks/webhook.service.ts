import type { AppContext } from '../platform/context.js';
import { type Tx, transact } from '../platform/db/transaction.js';
import { newId } from '../platform/ids.js';
import { getProject } from '../projects/index.js';
import { eventsRequired, webhookNotFound } from './webhook.errors.js';
import * as repo from './webhook.repository.js';
import type { WebhookRow } from './webhook.repository.js';
import { checkHeaders, checkSavedTargetUrl, normalizeEvents } from './webhook.validation.js';
import type { WebhookCreateIn, WebhookUpdateIn } from './webhook.schemas.js';
import { closeQueuedSendouts } from './sendout.repository.js';
import type { WebhookHealth } from './engine/outcome.js';

type Ctx = Pick<AppContext, 'db' | 'clock' | 'config'>;

/** Reasons recorded in `disabled_reason`. */
export const DISABLED_BY_USER = 'Deactivated by a user';
export const disabledByFailures = (sendoutId: string, attempts: number) =>
  `Deactivated after send-out ${sendoutId} failed all ${attempts} tries and the endpoint answered no 2XX since its first try`;

/**
 * Disabled by failures rather than by a user: such a webhook still gets a send-out per event, closed as
 * `webhook_disabled`, so that recover re-sends them; one a user switched off gets none.
 */
export const isDisabledByFailures = (w: { active: number | null; disabled_reason: string | null }): boolean =>
  w.active === 0 && w.disabled_reason !== null && w.disabled_reason !== DISABLED_BY_USER;

export async function createWebhook(
  ctx: Ctx,
  projectId: string,
  input: WebhookCreateIn,
): Promise<WebhookRow> {
  await getProject(ctx, projectId);
  const targetUrl = checkSavedTargetUrl(input.target_url, ctx.config.allowPrivateTargets);
  const allEvents = input.all_events === true;
  const events = normalizeEvents(input.events ?? []);
  if (!allEvents && events.length === 0) throw eventsRequired();
  const headers = checkHeaders(input.headers ?? {});
  const active = input.active !== false;
  const now = ctx.clock.now();
  const row: WebhookRow = {
    id: newId('webhook'),
    project_id: projectId,
    target_url: targetUrl,
    events: JSON.stringify(events),
    all_events: allEvents ? 1 : 0,
    active: active ? 1 : 0,
    headers: JSON.stringify(headers),
    created_at: now,
    updated_at: null,
    disabled_at: active ? null : now,
    disabled_reason: active ? null : DISABLED_BY_USER,
    last_success_at: null,
    rate_limit: input.rate_limit ?? null,
    rate_tat: null,
    rate_granted: null,
  };
  await repo.insertWebhook(ctx.db.kysely, row);
  return row;
}

export async function getWebhook(ctx: Ctx, projectId: string, id: string): Promise<WebhookRow> {
  await getProject(ctx, projectId);
  const row = await repo.findWebhook(ctx.db.kysely, projectId, id);
  if (!row) throw webhookNotFound(id);
  return row;
}

export async function listWebhooks(ctx: Ctx, projectId: string): Promise<WebhookRow[]> {
  await getProject(ctx, projectId);
  return repo.selectWebhooks(ctx.db.kysely, projectId);
}

/** Applies the given fields; `events` replaces the list. `active: true` re-enables a disabled webhook. */
export async function updateWebhook(
  ctx: Ctx,
  projectId: string,
  id: string,
  input: WebhookUpdateIn,
): Promise<WebhookRow> {
  await getProject(ctx, projectId);
  return transact(ctx, async (tx) => {
    const row = await repo.findWebhook(tx.db, projectId, id);
    if (!row) throw webhookNotFound(id);
    const patch: Partial<WebhookRow> = { updated_at: tx.now };
    if (input.target_url !== undefined)
      patch.target_url = checkSavedTargetUrl(input.target_url, ctx.config.allowPrivateTargets);
    if (input.events !== undefined) patch.events = JSON.stringify(normalizeEvents(input.events));
    if (input.all_events !== undefined) patch.all_events = input.all_events ? 1 : 0;
    if (input.headers !== undefined) patch.headers = JSON.stringify(checkHeaders(input.headers));
    if (input.rate_limit !== undefined) patch.rate_limit = input.rate_limit;
    const next = { ...row, ...patch };
    if (next.all_events === 0 && (JSON.parse(next.events) as string[]).length === 0) throw eventsRequired();
    if (input.active === true && row.active === 0) {
      Object.assign(patch, { active: 1, disabled_at: null, disabled_reason: null });
    } else if (input.active === false && row.active === 1) {
      Object.assign(patch, { active: 0, disabled_at: tx.now, disabled_reason: DISABLED_BY_USER });
    }
    await repo.updateWebhookRow(tx.db, id, patch);
    return { ...row, ...patch };
  });
}

/** Deletes a webhook; its queued send-outs are closed as failed (`webhook_deleted`) in the same transaction. */
export async function deleteWebhook(ctx: Ctx, projectId: string, id: string): Promise<void> {
  await getProject(ctx, projectId);
  await transact(ctx, async (tx) => {
    if (!(await repo.deleteWebhookRow(tx.db, projectId, id))) throw webhookNotFound(id);
    await closeQueuedSendouts(tx.db, id, 'webhook_deleted');
  });
}

/**
 * Records, in the transaction of a batch of outcomes, what they say about each webhook's endpoint: the last
 * 2XX, then the disable of an endpoint that is dead (a send-out failed its last retry, and no 2XX arrived
 * since that send-out's first try). One statement or two per webhook of the batch, in webhook id order.
 */
export async function recordWebhookHealth(tx: Tx, changes: readonly WebhookHealth[]): Promise<void> {
  for (const c of changes) {
    if (c.lastSuccessAt !== null) await repo.touchLastSuccess(tx.db, c.webhookId, c.lastSuccessAt);
    const d = c.disableUnlessSuccessSince;
    if (d) await repo.deactivateDeadWebhookRow(tx.db, c.webhookId, { now: tx.now, ...d });
  }
}
