import type { Kx } from '../../platform/db/connect.js';
import { type DeliveryRow, releaseSendouts, reserveRate } from './delivery.repository.js';
import type { DeliveryMetrics } from './metrics.js';

/**
 * Keeps, of the claimed send-outs, those their webhooks' rate limits have room for now, and hands the rest
 * back to the queue, due when the next slot opens. Webhooks without a limit cost nothing here.
 */
export async function withinRateLimits(
  db: Kx,
  by: { workerId: string; metrics?: DeliveryMetrics },
  rows: DeliveryRow[],
  now: number,
): Promise<DeliveryRow[]> {
  if (!rows.some((r) => r.rate_limit !== null)) return rows;
  const limited = new Map<string, DeliveryRow[]>();
  const out: DeliveryRow[] = [];
  for (const r of rows) {
    if (r.rate_limit === null) out.push(r);
    else {
      const list = limited.get(r.webhook_id);
      if (list) list.push(r);
      else limited.set(r.webhook_id, [r]);
    }
  }
  for (const [webhookId, list] of limited) {
    list.sort((a, b) => a.created_at - b.created_at || (a.id < b.id ? -1 : 1));
    const { granted, nextAt } = await reserveRate(db, webhookId, list.length, now);
    out.push(...list.slice(0, granted));
    const wait = list.slice(granted).map((r) => r.id);
    if (wait.length > 0) {
      by.metrics?.outcome('rate_limited');
      await releaseSendouts(db, by.workerId, wait, nextAt);
    }
  }
  return out;
}
