import type { AppContext } from '../platform/context.js';
import { iso } from '../platform/clock.js';
import { transact } from '../platform/db/transaction.js';
import { AppError, invalidPayload, invalidQueryParams } from '../platform/errors.js';
import { getProject } from '../projects/index.js';
import { buildEnvelope } from './engine/envelope.js';
import { canonicalEventType } from './event-catalog.js';
import type { AttemptResult, WebhookHttpClient } from './engine/http-client.js';
import { sampleEvent } from './samples.js';
import type { FiredEvents } from './event-schemas.js';
import * as repo from './sendout.repository.js';
import { presentAttempt, presentSendout } from './sendout.presenter.js';
import { sendoutNotFound, webhookNotFound } from './webhook.errors.js';
import { findWebhook, updateWebhookRow } from './webhook.repository.js';
import { checkHeaders, checkTargetUrl } from './webhook.validation.js';
import { newId } from '../platform/ids.js';

type Ctx = Pick<AppContext, 'db' | 'clock' | 'outboxBell'>;

export interface SendoutQuery {
  webhook_id?: string;
  type?: string;
  status?: string;
  request_id?: string;
  'created_at[after]'?: string;
  'created_at[before]'?: string;
  starting_after?: string;
  limit?: number;
}

export async function listSendouts(ctx: Ctx, projectId: string, q: SendoutQuery) {
  await getProject(ctx, projectId);
  const limit = q.limit ?? 25;
  let before: { createdAt: number; id: string } | undefined;
  if (q.starting_after) {
    const anchor = await repo.findSendout(ctx.db.kysely, projectId, q.starting_after);
    if (!anchor)
      throw invalidQueryParams(`starting_after ${q.starting_after} is not a send-out of this project`);
    before = { createdAt: anchor.created_at, id: anchor.id };
  }
  const type = q.type ? canonicalEventType(q.type) : undefined;
  if (type === null) throw invalidQueryParams(`type "${q.type}" is not one of the 60 webhook event types`);
  const filter = {
    projectId,
    webhookId: q.webhook_id,
    type,
    status: q.status,
    requestId: q.request_id,
    createdAfter: q['created_at[after]'] ? Date.parse(q['created_at[after]']) : undefined,
    createdBefore: q['created_at[before]'] ? Date.parse(q['created_at[before]']) : undefined,
  };
  const [rows, total] = await Promise.all([
    repo.selectSendouts(ctx.db.kysely, { ...filter, before, limit: limit + 1 }),
    repo.countSendouts(ctx.db.kysely, filter),
  ]);
  const page = rows.slice(0, limit);
  const hasMore = rows.length > limit;
  return {
    object: 'list' as const,
    data_ref: 'data' as const,
    data: page.map(presentSendout),
    total,
    has_more: hasMore,
    more_starting_after: hasMore ? page[page.length - 1].id : null,
  };
}

/** One send-out with every attempt and the complete payload as sent. */
export async function getSendout(ctx: Ctx, projectId: string, id: string) {
  await getProject(ctx, projectId);
  const row = await repo.findSendout(ctx.db.kysely, projectId, id);
  if (!row) throw sendoutNotFound(id);
  const [attempts, event] = await Promise.all([
    repo.selectAttempts(ctx.db.kysely, id),
    ctx.db.kysely.selectFrom('events').selectAll().where('id', '=', row.event_id).executeTakeFirstOrThrow(),
  ]);
  const body = buildEnvelope({
    sendoutId: row.id,
    projectId: row.project_id,
    createdAt: iso(row.created_at),
    type: row.type,
    dataJson: event.data,
    webhook: { id: row.webhook_id, target_url: row.target_url },
    event: {
      id: event.id,
      type: event.type,
      created_at: iso(event.created_at),
      entity_id: event.entity_id,
      group_id: event.group_id,
      event_source_json: event.event_source,
    },
  });
  return {
    ...presentSendout(row),
    attempts: attempts.map(presentAttempt),
    payload: JSON.parse(body) as unknown,
  };
}

/** Adds one attempt, now, to a failed send-out; same send-out id, so receivers can deduplicate. */
export async function retrySendout(ctx: Ctx, projectId: string, id: string) {
  await getProject(ctx, projectId);
  const now = ctx.clock.now();
  if (!(await repo.queueManualRetry(ctx.db.kysely, projectId, id, now))) {
    const row = await repo.findSendout(ctx.db.kysely, projectId, id);
    if (!row) throw sendoutNotFound(id);
    throw new AppError(409, 'sendout_not_failed', 'Only a failed send-out can be retried by hand', {
      details: `Send-out ${id} is ${row.status}`,
      resourceId: id,
      resourceType: 'webhook_sendout',
    });
  }
  ctx.outboxBell.ring();
  return getSendout(ctx, projectId, id);
}

/** Re-enables a webhook and re-queues its failed send-outs created since `since`, each with a fresh schedule. */
export async function recoverWebhook(ctx: Ctx, projectId: string, webhookId: string, since: string) {
  await getProject(ctx, projectId);
  const sinceMs = Date.parse(since);
  if (Number.isNaN(sinceMs)) throw invalidPayload('since must be an ISO 8601 date-time');
  const requeued = await transact(ctx, async (tx) => {
    const hook = await findWebhook(tx.db, projectId, webhookId);
    if (!hook) throw webhookNotFound(webhookId);
    if (hook.active !== 1)
      await updateWebhookRow(tx.db, webhookId, {
        active: 1,
        disabled_at: null,
        disabled_reason: null,
        updated_at: tx.now,
      });
    const n = await repo.requeueFailedSince(tx.db, webhookId, sinceMs, tx.now);
    if (n > 0) tx.wakeOutbox();
    return n;
  });
  return { object: 'webhook_recovery' as const, webhook_id: webhookId, requeued };
}

/**
 * Posts a signed sample at once and reports what came back. Not queued, not retried; the egress guard applies.
 * The envelope's `event.entity_id` is the sample's main object, its `group_id` the test-send request's id.
 */
export async function testSend(
  ctx: Ctx,
  http: WebhookHttpClient,
  projectId: string,
  input: { target_url: string; headers?: Record<string, string>; type?: string },
  requestId: string,
  fired: FiredEvents,
) {
  const project = await getProject(ctx, projectId);
  const url = checkTargetUrl(input.target_url);
  const headers = checkHeaders(input.headers ?? {});
  const type = canonicalEventType(input.type ?? 'voucher.published');
  if (!type) throw invalidPayload(`type "${input.type}" is not one of the 60 webhook event types`);
  const now = ctx.clock.now();
  const id = newId('sendout');
  const sample = fired.sample(type) ?? sampleEvent(type);
  const r: AttemptResult = await http.send({
    url,
    envelope: {
      sendoutId: id,
      projectId,
      createdAt: iso(now),
      type,
      dataJson: JSON.stringify(sample.data),
      webhook: { id: 'wh_test', target_url: url },
      event: {
        id: newId('event'),
        type,
        created_at: iso(now),
        entity_id: sample.entityId,
        group_id: requestId,
        event_source_json: JSON.stringify({ channel: 'USER_PORTAL', user: null, api_key: null }),
      },
    },
    secrets: [project.webhook_secret],
    timestampSec: Math.floor(now / 1000),
    customHeaders: headers,
    startedAt: now,
  });
  return {
    status_code: r.statusCode,
    duration_ms: r.durationMs,
    response_headers: r.responseHeaders,
    response_body: r.responseBody,
    error: r.error ? `${r.error}: ${r.errorMessage}` : null,
  };
}
