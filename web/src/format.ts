/** Display helpers. Times are shown in the browser's zone, to the second. */

export function formatTime(isoText: string | null | undefined): string {
  if (!isoText) return '—';
  const d = new Date(isoText);
  if (Number.isNaN(d.getTime())) return isoText;
  return d.toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/** Compact, for table cells: the year only when it is not this one. */
export function formatShortTime(isoText: string | null | undefined): string {
  if (!isoText) return '—';
  const d = new Date(isoText);
  if (Number.isNaN(d.getTime())) return isoText;
  const sameYear = d.getFullYear() === new Date().getFullYear();
  return d.toLocaleString(undefined, {
    ...(sameYear ? {} : { year: 'numeric' }),
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/** `2026-03-01T10:00` for a datetime-local input, in local time. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local value as an ISO instant, or undefined when empty or invalid. */
export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

export function prettyJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** A response body as text: pretty when it is JSON. */
export function prettyBody(body: string | null): string {
  if (body === null || body === '') return '(empty)';
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

export const STATUS_LABELS: Record<string, string> = {
  pending: 'Pending',
  in_flight: 'In flight',
  retrying: 'Retrying',
  succeeded: 'Succeeded',
  failed: 'Failed',
};

const FAILURE_REASONS: Record<string, string> = {
  retries_exhausted: 'Every retry failed',
  manual_retry_failed: 'The manual retry failed',
  webhook_inactive: 'The webhook was inactive when it fell due',
  webhook_deleted: 'The webhook was deleted',
  webhook_disabled: 'The webhook was disabled by failures; Recover re-sends it',
};

export function failureReasonText(reason: string | null): string {
  if (!reason) return '';
  return FAILURE_REASONS[reason] ?? reason.replace(/_/g, ' ');
}
