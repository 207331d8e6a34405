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

/**
 * The state after a try. A failed automatic try is retried at `initial attempt + schedule[n]` while retries
 * remain; after the last one the send-out fails and its webhook is disabled. A failed manual retry of a
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
  if (s.retriesCount < schedule.length)
    return {
      status: 'retrying',
      nextAttemptAt: s.firstAttemptAt + schedule[s.retriesCount],
      retriesCount: s.retriesCount + 1,
      failureReason: null,
    };
  return {
    status: 'failed',
    nextAttemptAt: null,
    retriesCount: s.retriesCount,
    failureReason: FAILURE_RETRIES_EXHAUSTED,
    exhausted: true,
  };
}
