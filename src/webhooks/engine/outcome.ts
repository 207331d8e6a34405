import type { AttemptRow } from '../sendout.repository.js';

/**
 * What a try means for a send-out. Whether a failure is retried is data: classifyAttempt is pure and
 * table-tested, and the schedule is an array of offsets from the initial attempt.
 */

export type AttemptVerdict = 'succeeded' | 'retry';

/** Any 2XX within the timeout succeeds; every other status, timeout or connection error is a failed try. */
export function classifyAttempt(a: { statusCode: number | null; error: string | null }): AttemptVerdict {
  if (a.error === null && a.statusCode !== null && a.statusCode >= 200 && a.statusCode < 300)
    return 'succeeded';
  return 'retry';
}

export interface ScheduleState {
  retriesCount: number;
  firstAttemptAt: number;
  manual: boolean;
  /**
   * The earliest time the receiver asked for the next try (`Retry-After` on a 429 or 503), or null. The
   * retry then waits until then, but never beyond the scheduled time plus `RETRY_AFTER_CAP_MS`.
   */
  notBefore?: number | null;
}

/** How far past its scheduled time a receiver's `Retry-After` may push a retry. */
export const RETRY_AFTER_CAP_MS = 24 * 3_600_000;

/**
 * When a `429` or `503` answer's `Retry-After` (delay-seconds or an HTTP date, RFC 9110 §10.2.3) allows the
 * next try, as epoch ms; null for any other status, a missing or malformed value, or a time already past.
 */
export function retryAfterAt(
  statusCode: number | null,
  headers: Readonly<Record<string, string>>,
  now: number,
): number | null {
  if (statusCode !== 429 && statusCode !== 503) return null;
  const raw = headers['retry-after']?.trim();
  if (!raw) return null;
  let at: number;
  if (/^\d+$/.test(raw)) at = now + Number(raw) * 1000;
  else if (/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(raw)) at = Date.parse(raw);
  else return null;
  return Number.isFinite(at) && at > now ? at : null;
}

export type NextState =
  | { status: 'succeeded'; nextAttemptAt: null; retriesCount: number; failureReason: null }
  | { status: 'retrying'; nextAttemptAt: number; retriesCount: number; failureReason: null }
  | {
      status: 'failed';
      nextAttemptAt: null;
      retriesCount: number;
      failureReason: string;
      exhausted: boolean;
    };

export const FAILURE_RETRIES_EXHAUSTED = 'retries_exhausted';
export const FAILURE_MANUAL_RETRY = 'manual_retry_failed';
export const FAILURE_WEBHOOK_INACTIVE = 'webhook_inactive';
export const FAILURE_WEBHOOK_DELETED = 'webhook_deleted';
/** The webhook was disabled by failures: the send-out waits for a recover, with no request made. */
export const FAILURE_WEBHOOK_DISABLED = 'webhook_disabled';
/** The error of a try whose worker stopped before recording its outcome (found when its lease ran out). */
export const ATTEMPT_INTERRUPTED = 'interrupted';

/**
 * The state after a try. A failed automatic try is retried at `initial attempt + schedule[n]` while retries
 * remain; after the last one the send-out fails (`exhausted`), and its webhook is disabled if the endpoint is
 * dead (see `webhookHealth`). A failed manual retry of a
 * failed send-out leaves it failed and does not touch the webhook.
 */
export function nextState(verdict: AttemptVerdict, s: ScheduleState, schedule: readonly number[]): NextState {
  if (verdict === 'succeeded')
    return { status: 'succeeded', nextAttemptAt: null, retriesCount: s.retriesCount, failureReason: null };
  if (s.manual)
    return {
      status: 'failed',
      nextAttemptAt: null,
      retriesCount: s.retriesCount,
      failureReason: FAILURE_MANUAL_RETRY,
      exhausted: false,
    };
  if (s.retriesCount < schedule.length) {
    const scheduled = s.firstAttemptAt + schedule[s.retriesCount];
    const asked = s.notBefore ?? null;
    return {
      status: 'retrying',
      nextAttemptAt:
        asked === null ? scheduled : Math.min(Math.max(scheduled, asked), scheduled + RETRY_AFTER_CAP_MS),
      retriesCount: s.retriesCount + 1,
      failureReason: null,
    };
  }
  return {
    status: 'failed',
    nextAttemptAt: null,
    retriesCount: s.retriesCount,
    failureReason: FAILURE_RETRIES_EXHAUSTED,
    exhausted: true,
  };
}

/** What one recorded outcome says about its webhook's endpoint. */
export interface WebhookNote {
  webhookId: string;
  /** When a 2XX arrived (the end of the try), or null. */
  succeededAt: number | null;
  /** The send-out failed its last retry: disable the webhook unless a 2XX arrived since `since`. */
  exhausted: { since: number; reason: string } | null;
}

export interface WebhookHealth {
  webhookId: string;
  /** The latest 2XX of the batch, or null. */
  lastSuccessAt: number | null;
  /** The exhausted send-out whose first try is latest: the weakest proof that the endpoint is dead. */
  disableUnlessSuccessSince: { since: number; reason: string } | null;
}

/**
 * Folds the notes of one batch of outcomes into one change per webhook, ordered by webhook id (so that
 * concurrent batches lock webhook rows in the same order). A webhook is disabled only when it is dead: a
 * send-out failed its last retry and no 2XX arrived since that send-out's first try, in this batch or before.
 */
export function webhookHealth(notes: Iterable<WebhookNote>): WebhookHealth[] {
  const by = new Map<string, WebhookHealth>();
  for (const n of notes) {
    let h = by.get(n.webhookId);
    if (!h) {
      h = { webhookId: n.webhookId, lastSuccessAt: null, disableUnlessSuccessSince: null };
      by.set(n.webhookId, h);
    }
    if (n.succeededAt !== null) h.lastSuccessAt = Math.max(h.lastSuccessAt ?? n.succeededAt, n.succeededAt);
    if (n.exhausted && n.exhausted.since >= (h.disableUnlessSuccessSince?.since ?? -Infinity))
      h.disableUnlessSuccessSince = n.exhausted;
  }
  return [...by.values()].sort((a, b) =>
    a.webhookId < b.webhookId ? -1 : a.webhookId > b.webhookId ? 1 : 0,
  );
}

/**
 * The attempt row of a try lost with a worker whose lease ran out. When it started, and whether the receiver
 * got it, is not known; it is dated when the takeover found it, with no duration and no status.
 */
export function interruptedAttempt(
  s: { id: string; attempts_count: number; manual_pending: number; lease_taken_from: string | null },
  foundAt: number,
): AttemptRow {
  return {
    sendout_id: s.id,
    number: s.attempts_count + 1,
    started_at: foundAt,
    duration_ms: 0,
    status_code: null,
    error: ATTEMPT_INTERRUPTED,
    response_headers: '{}',
    response_body: `No outcome was recorded: worker ${s.lease_taken_from} stopped during this try and its lease ran out. The receiver may have got the request.`,
    manual: s.manual_pending === 1 ? 1 : 0,
  };
}
