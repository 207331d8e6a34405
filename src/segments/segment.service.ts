import type { Kx } from '../platform/db/connect.js';
import * as repo from './segment.repository.js';

/**
 * The ids (`seg_…`) of the segments a customer (`cust_…`) is in, for `RuleContext.customer.segment_ids`.
 * Works with `ctx.db.kysely` or inside a transaction (`tx.db`).
 */
export async function segmentIdsOfCustomer(db: Kx, projectId: string, customerId: string): Promise<string[]> {
  return (await repo.segmentsOfCustomer(db, projectId, customerId)).map((s) => s.id);
}
