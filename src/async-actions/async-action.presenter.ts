import { iso } from '../platform/clock.js';
import type { AsyncActionRow } from './async-action.table.js';

/** The async action as `GET /v1/async-actions/{id}` shows it; lists leave `result` out, as Voucherify does. */
export function presentAsyncAction(row: AsyncActionRow, withResult = true): Record<string, unknown> {
  const out: Record<string, unknown> = { id: row.id, type: row.type, status: row.status };
  if (withResult && row.result !== null) out.result = JSON.parse(row.result);
  out.created_at = iso(row.created_at);
  if (row.updated_at !== null) out.updated_at = iso(row.updated_at);
  if (row.request_id !== null) out.request_id = row.request_id;
  out.progress = row.progress;
  if (row.started_at !== null && row.completed_at !== null)
    out.processing_time = row.completed_at - row.started_at;
  out.object = 'async_action';
  return out;
}
