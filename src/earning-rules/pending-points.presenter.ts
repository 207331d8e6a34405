import { iso } from '../platform/clock.js';
import type { PendingPointsRow } from './earning-rule.table.js';

/** `LoyaltyPendingPoints`: `activates_at` is the day (UTC) the points activate. */
export function presentPendingPoints(row: PendingPointsRow): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: row.id,
    voucher_id: row.voucher_id,
    campaign_id: row.campaign_id,
    customer_id: row.customer_id,
    order_id: row.order_id,
    points: row.points,
    activates_at: iso(row.activates_at).slice(0, 10),
    details: JSON.parse(row.details),
    created_at: iso(row.created_at),
  };
  if (row.updated_at !== null) out.updated_at = iso(row.updated_at);
  return out;
}
