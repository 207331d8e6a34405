import { iso, isoOrNull } from '../platform/clock.js';
import type { AttemptRow, SendoutListRow } from './sendout.repository.js';

export function presentSendout(row: SendoutListRow) {
  const final = row.status === 'succeeded' || row.status === 'failed';
  return {
    id: row.id,
    object: 'webhook_sendout' as const,
    status: row.status,
    type: row.type,
    webhook_id: row.webhook_id,
    target_url: row.target_url,
    request_id: row.group_id,
    event_id: row.event_id,
    event_created_at: iso(row.event_created_at),
    created_at: iso(row.created_at),
    executed_at: isoOrNull(row.executed_at),
    attempts_count: row.attempts_count,
    next_attempt_at: final ? null : isoOrNull(row.next_attempt_at),
    failure_reason: row.failure_reason,
  };
}

export function presentAttempt(a: AttemptRow) {
  return {
    number: a.number,
    started_at: iso(a.started_at),
    duration_ms: a.duration_ms,
    status_code: a.status_code,
    error: a.error,
    response_headers: JSON.parse(a.response_headers) as Record<string, string>,
    response_body: a.response_body,
    manual: a.manual === 1,
  };
}
