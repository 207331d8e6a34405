import { sql } from 'kysely';
import type { Kx } from '../platform/db/connect.js';

export interface StatusCountRow {
  bucket: number;
  status: string;
  n: number;
}

/**
 * Send-outs of a project created in [from, to), counted per status and per bucket of `intervalMs`.
 * Both dialects divide bigint by an integer literal as whole numbers, so the bucket expression is portable.
 */
export async function countSendoutsByBucket(
  db: Kx,
  q: { projectId: string; webhookId?: string; from: number; to: number; intervalMs: number },
): Promise<StatusCountRow[]> {
  const width = sql.lit(Math.trunc(q.intervalMs));
  const bucket = sql<number>`(created_at / ${width}) * ${width}`;
  const rows = await db
    .selectFrom('sendouts')
    .select([bucket.as('bucket'), 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('project_id', '=', q.projectId)
    .where('created_at', '>=', q.from)
    .where('created_at', '<', q.to)
    .$if(q.webhookId !== undefined, (qb) => qb.where('webhook_id', '=', q.webhookId!))
    .groupBy([sql`(created_at / ${width}) * ${width}`, 'status'])
    .execute();
  return rows.map((r) => ({ bucket: Number(r.bucket), status: r.status, n: Number(r.n) }));
}
