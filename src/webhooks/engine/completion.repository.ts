import { sql } from 'kysely';
import type { Kx } from '../../platform/db/connect.js';
import { APPLY_OUTCOMES, type SendoutUpdate } from './delivery.repository.js';
import type { WebhookNote } from './outcome.js';

/** Outcomes per statement: 128 rows of 20 values stay far below PostgreSQL's 65,535 parameters. */
const ROWS_PER_STATEMENT = 128;

/**
 * `completeSendouts` and the webhooks' last 2XX (`touchLastSuccess`) in one statement per 128 outcomes, for a
 * database with `modifyingCte`: the send-outs' UPDATE, the attempts' INSERT and the webhooks' UPDATE are
 * `WITH` clauses of one statement, atomic by itself, so a flush needs no BEGIN and COMMIT either. At a few
 * outcomes per flush that was 5 to 7 statements. Only the worker holding the lease may write (a stale
 * worker's outcome is dropped, with its attempt and its 2XX), and `last_success_at` only moves forward.
 * Outcomes that disable a webhook go through the transaction of `completeSendouts` and `recordWebhookHealth`.
 */
export async function completeSendoutsAtOnce(
  db: Kx,
  updates: readonly SendoutUpdate[],
  notes: ReadonlyMap<string, WebhookNote>,
): Promise<void> {
  for (let i = 0; i < updates.length; i += ROWS_PER_STATEMENT) {
    const values = updates.slice(i, i + ROWS_PER_STATEMENT).map((u) => {
      const note = notes.get(u.id);
      const a = u.attempt;
      return sql`(cast(${u.id} as text), cast(${u.lockedBy} as text), cast(${u.status} as text), cast(${u.nextAttemptAt} as bigint), cast(${u.attemptsCount} as integer), cast(${u.retriesCount} as integer), cast(${u.firstAttemptAt} as bigint), cast(${u.executedAt} as bigint), cast(${u.failureReason} as text), cast(${u.targetUrl} as text), cast(${note?.webhookId ?? null} as text), cast(${note?.succeededAt ?? null} as bigint), cast(${a?.number ?? null} as integer), cast(${a?.started_at ?? null} as bigint), cast(${a?.duration_ms ?? null} as integer), cast(${a?.status_code ?? null} as integer), cast(${a?.error ?? null} as text), cast(${a?.response_headers ?? null} as text), cast(${a?.response_body ?? null} as text), cast(${a?.manual ?? null} as integer))`;
    });
    await sql<{ id: string }>`
      with v(id, locked_by, status, next_attempt_at, attempts_count, retries_count, first_attempt_at, executed_at,
          failure_reason, target_url, webhook_id, succeeded_at, a_number, a_started_at, a_duration_ms,
          a_status_code, a_error, a_response_headers, a_response_body, a_manual)
        as (values ${sql.join(values)}),
      u as (${APPLY_OUTCOMES}),
      a as (
        insert into sendout_attempts
          (sendout_id, number, started_at, duration_ms, status_code, error, response_headers, response_body, manual)
        select v.id, v.a_number, v.a_started_at, v.a_duration_ms, v.a_status_code, v.a_error,
          v.a_response_headers, v.a_response_body, v.a_manual
        from v join u on u.id = v.id
        where v.a_number is not null),
      s as (
        select v.webhook_id, max(v.succeeded_at) as at
        from v join u on u.id = v.id
        where v.succeeded_at is not null
        group by v.webhook_id),
      w as (
        update webhooks set last_success_at = s.at
        from s
        where webhooks.id = s.webhook_id
          and (webhooks.last_success_at is null or webhooks.last_success_at < s.at))
      select id from u`.execute(db);
  }
}
