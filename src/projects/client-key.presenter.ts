import { iso } from '../platform/clock.js';
import type { ApiKeyRow } from './project.table.js';

/** The stored origins of a client key; an absent list allows none. */
export function allowedOriginsOf(row: Pick<ApiKeyRow, 'allowed_origins'>): string[] {
  return row.allowed_origins ? (JSON.parse(row.allowed_origins) as string[]) : [];
}

export function presentClientKey(row: ApiKeyRow) {
  return {
    client_app_id: row.app_id,
    name: row.name,
    allowed_origins: allowedOriginsOf(row),
    created_at: iso(row.created_at),
  };
}
