import { iso, isoOrNull } from '../platform/clock.js';
import type { WebhookRow } from './webhook.repository.js';

export function presentWebhook(row: WebhookRow) {
  return {
    id: row.id,
    object: 'webhook' as const,
    created_at: iso(row.created_at),
    target_url: row.target_url,
    events: JSON.parse(row.events) as string[],
    active: row.active === 1,
    all_events: row.all_events === 1,
    headers: JSON.parse(row.headers) as Record<string, string>,
    rate_limit: row.rate_limit ?? null,
    updated_at: isoOrNull(row.updated_at),
    disabled_at: isoOrNull(row.disabled_at),
    disabled_reason: row.disabled_reason,
  };
}
