import type { Static, TSchema } from '@sinclair/typebox';
import type { Tx } from '../platform/db/transaction.js';
import { newId } from '../platform/ids.js';
import type { EventSource } from './engine/envelope.js';
import { completeEventData } from './event-shapes.js';
import type { EventType } from './event-catalog.js';
import type { EventDeclaration } from './event-declaration.js';
import { FAILURE_WEBHOOK_DISABLED } from './engine/outcome.js';
import { selectWebhooks } from './webhook.repository.js';
import { isDisabledByFailures } from './webhook.service.js';
import { type EventRow, insertEventAndSendouts, type SendoutRow } from './sendout.repository.js';

/** The PostgreSQL channel that wakes dispatchers in other processes. */
export const OUTBOX_CHANNEL = 'vouchsafe_outbox';

/** The source of events recorded by background work: channel INTERNAL, no user, no key. */
export const INTERNAL_SOURCE: EventSource = { channel: 'INTERNAL', user: null, api_key: null };

export interface RecordEventInput {
  projectId: string;
  type: EventType;
  /** The main object's id (`cust_…`, `v_…`). */
  entityId: string | null;
  /** The id of the request that caused the event. */
  groupId: string | null;
  source: EventSource;
  /** The payload's `data`; serialised here, once. */
  data: unknown;
}

/**
 * The transactional outbox. Stores the event and one pending send-out per active webhook of the project
 * that subscribes to the type (or to all events), inside the caller's transaction: if it rolls back,
 * neither exists. After commit the dispatcher is woken (in-process, and by a coalesced NOTIFY on PostgreSQL).
 * A webhook disabled by failures (not one a user switched off) still gets its send-out, closed at once as
 * failed (`webhook_disabled`) with no request, so that recover re-sends it once the endpoint is back.
 */
export async function recordEvent(
  tx: Tx,
  input: RecordEventInput,
): Promise<{ eventId: string; sendoutIds: string[] }> {
  const eventId = newId('event');
  const event: EventRow = {
    id: eventId,
    project_id: input.projectId,
    type: input.type,
    created_at: tx.now,
    entity_id: input.entityId,
    group_id: input.groupId,
    event_source: JSON.stringify(input.source),
    data: JSON.stringify(completeEventData(input.type, input.data)),
  };
  const hooks = (await selectWebhooks(tx.db, input.projectId)).filter(
    (w) =>
      (w.active === 1 || isDisabledByFailures(w)) &&
      (w.all_events === 1 || (JSON.parse(w.events) as string[]).includes(input.type)),
  );
  const rows: SendoutRow[] = hooks.map((w) => {
    const queued = w.active === 1;
    return {
      id: newId('sendout'),
      project_id: input.projectId,
      webhook_id: w.id,
      event_id: eventId,
      type: input.type,
      target_url: w.target_url,
      status: queued ? 'pending' : 'failed',
      attempts_count: 0,
      retries_count: 0,
      created_at: tx.now,
      first_attempt_at: null,
      executed_at: null,
      next_attempt_at: queued ? tx.now : null,
      locked_by: null,
      failure_reason: queued ? null : FAILURE_WEBHOOK_DISABLED,
      manual_pending: 0,
      lease_taken_from: null,
    };
  });
  await insertEventAndSendouts(tx.db, tx.profile, event, rows);
  // The bell wakes this process's dispatcher after the commit, and other processes' by a NOTIFY then.
  if (rows.some((r) => r.status === 'pending')) tx.wakeOutbox();
  return { eventId, sendoutIds: rows.map((r) => r.id) };
}

/** Who caused an event: the project, the request id (the events' `group_id`, null for background work) and the source. */
export interface EventCause {
  projectId: string;
  requestId: string | null;
  source: EventSource;
}

/**
 * recordEvent for a domain service or job: the cause supplies project, group id and source, and the type
 * comes from the context's declaration of the event (its `*.events.ts`), so that every type a context
 * records has a schema and a sample.
 */
export async function recordEventFor<S extends TSchema>(
  tx: Tx,
  cause: EventCause,
  event: EventDeclaration<S>,
  entityId: string | null,
  data: Static<S>,
): Promise<{ eventId: string; sendoutIds: string[] }> {
  return recordEvent(tx, {
    projectId: cause.projectId,
    type: event.type,
    entityId,
    groupId: cause.requestId,
    source: cause.source,
    data,
  });
}
