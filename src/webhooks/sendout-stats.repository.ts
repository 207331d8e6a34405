import { sql } from 'kysely';
import type { Kx } from '../platform/db/connect.js';

export interface StatusCountRow {
  bucket: number;
  status: string;
  n: number;
}

const STATUSES = ['pending', 'in_flight', 'retrying', 'succeeded', 'failed'] as const;

/**
 * Send-outs of a project created in [from, to), counted per status and per bucket of `intervalMs`. One
 * statement per bucket, each a range of the covering index summed per status as it is read: a GROUP BY over
 * the whole range sorted every row first (~1 s at 1,000,000 send-outs); this reads each entry once.
 */
export async function countSendoutsByBucket(
  db: Kx,
  q: { projectId: string; webhookId?: string; from: number; to: number; intervalMs: number },
): Promise<StatusCountRow[]> {
  const width = Math.trunc(q.intervalMs);
  const first = Math.floor(q.from / width) * width;
  const counts = STATUSES.map((s) =>
    sql<number>`sum(case when status = ${sql.lit(s)} then 1 else 0 end)`.as(s),
  );
  const buckets: number[] = [];
  for (let b = first; b < q.to; b += width) buckets.push(b);
  const rows = await Promise.all(
    buckets.map((bucket) =>
      db
        .selectFrom('sendouts')
        .select(counts)
        .where('project_id', '=', q.projectId)
        .where('created_at', '>=', Math.max(bucket, q.from))
        .where('created_at', '<', Math.min(bucket + width, q.to))
        .$if(q.webhookId !== undefined, (qb) => qb.where('webhook_id', '=', q.webhookId!))
        .executeTakeFirst(),
    ),
  );
  const out: StatusCountRow[] = [];
  rows.forEach((r, i) => {
    for (const status of STATUSES) {
      const n = Number(r?.[status] ?? 0);
      if (n > 0) out.push({ bucket: buckets[i], status, n });
    }
  });
  return out;
}
