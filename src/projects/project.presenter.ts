import { iso, isoOrNull } from '../platform/clock.js';
import type { ApiKeyRow, ProjectRow } from './project.table.js';

export function presentProject(row: ProjectRow) {
  return {
    id: row.id,
    object: 'project' as const,
    name: row.name,
    description: row.description,
    timezone: row.timezone,
    currency: row.currency,
    case_sensitive_codes: row.case_sensitive_codes === 1,
    webhook_version: row.webhook_version,
    api_version: 'v2018-08-01',
    is_sandbox: false,
    webhook_token: row.webhook_secret,
    created_at: iso(row.created_at),
    updated_at: isoOrNull(row.updated_at),
  };
}

export function presentApiKey(row: ApiKeyRow) {
  return { app_id: row.app_id, name: row.name, created_at: iso(row.created_at) };
}

export function presentWebhookSecret(row: ProjectRow, now: number) {
  const overlap = row.previous_webhook_secret !== null && (row.previous_secret_until ?? 0) > now;
  return {
    object: 'webhook_secret' as const,
    project_id: row.id,
    secret_key: row.webhook_secret,
    previous_secret_key_expires_at: overlap ? isoOrNull(row.previous_secret_until) : null,
  };
}
