import { iso } from '../platform/clock.js';
import type { AppContext } from '../platform/context.js';
import { invalidQueryParams } from '../platform/errors.js';
import { getProject } from '../projects/index.js';
import { countSendoutsByBucket } from './sendout-stats.repository.js';
import { STATS_INTERVALS } from './sendout-stats.schemas.js';

type Ctx = Pick<AppContext, 'db' | 'clock'>;
type Interval = (typeof STATS_INTERVALS)[number];

const MINUTE = 60_000;
const INTERVAL_MS: Record<Interval, number> = {
  '1m': MINUTE,
  '5m': 5 * MINUTE,
  '15m': 15 * MINUTE,
  '1h': 60 * MINUTE,
  '6h': 360 * MINUTE,
  '1d': 1440 * MINUTE,
};
const AUTO_MAX_BUCKETS = 60;
const MAX_BUCKETS = 500;
const MAX_SPAN_MS = 92 * 1440 * MINUTE;

export interface StatsQuery {
  webhook_id?: string;
  'created_at[after]'?: string;
  'created_at[before]'?: string;
  interval?: Interval | 'auto';
}

export interface StatsBucket {
  start: string;
  succeeded: number;
  retrying: number;
  failed: number;
  pending: number;
}

/** The bucket width for a span: the one asked for, or the narrowest giving at most 60 buckets. */
export function pickIntervalMs(spanMs: number, asked: Interval | 'auto' = 'auto'): number {
  if (asked !== 'auto') return INTERVAL_MS[asked];
  for (const i of STATS_INTERVALS) if (spanMs / INTERVAL_MS[i] <= AUTO_MAX_BUCKETS) return INTERVAL_MS[i];
  return INTERVAL_MS['1d'];
}

const SERIES: Record<string, keyof Omit<StatsBucket, 'start'>> = {
  succeeded: 'succeeded',
  retrying: 'retrying',
  failed: 'failed',
  pending: 'pending',
  in_flight: 'pending',
};

/**
 * Delivery outcomes over time: send-outs created in the range (default: the last 24 h), counted by their
 * current status, per interval. Every interval of the range is present, zeros included, so a chart needs no gaps logic.
 */
export async function sendoutStats(ctx: Ctx, projectId: string, q: StatsQuery) {
  await getProject(ctx, projectId);
  const now = ctx.clock.now();
  const to = q['created_at[before]'] ? Date.parse(q['created_at[before]']) : now;
  const from = q['created_at[after]'] ? Date.parse(q['created_at[after]']) : to - 1440 * MINUTE;
  if (!(from < to)) throw invalidQueryParams('created_at[after] must be before created_at[before]');
  if (to - from > MAX_SPAN_MS) throw invalidQueryParams('the time range may span at most 92 days');
  const intervalMs = pickIntervalMs(to - from, q.interval);
  const first = Math.floor(from / intervalMs) * intervalMs;
  const count = Math.ceil((to - first) / intervalMs);
  if (count > MAX_BUCKETS)
    throw invalidQueryParams(`that interval gives ${count} buckets; at most ${MAX_BUCKETS} are allowed`);

  const buckets: StatsBucket[] = Array.from({ length: count }, (_, i) => ({
    start: iso(first + i * intervalMs),
    succeeded: 0,
    retrying: 0,
    failed: 0,
    pending: 0,
  }));
  const rows = await countSendoutsByBucket(ctx.db.kysely, {
    projectId,
    webhookId: q.webhook_id,
    from,
    to,
    intervalMs,
  });
  for (const r of rows) {
    const b = buckets[Math.round((r.bucket - first) / intervalMs)];
    const series = SERIES[r.status];
    if (b && series) b[series] += r.n;
  }
  return {
    object: 'webhook_sendout_stats' as const,
    project_id: projectId,
    webhook_id: q.webhook_id ?? null,
    interval_ms: intervalMs,
    from: iso(from),
    to: iso(to),
    data: buckets,
  };
}
