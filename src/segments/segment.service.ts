import { findCustomerId } from '../customers/index.js';
import type { AppContext } from '../platform/context.js';
import type { Kx } from '../platform/db/connect.js';
import { transact } from '../platform/db/transaction.js';
import { newId } from '../platform/ids.js';
import type { Caller } from '../projects/index.js';
import {
  autoUpdateUnsupported,
  customerListedTwice,
  customerNotFound,
  segmentNotFound,
} from './segment.errors.js';
import * as repo from './segment.repository.js';
import type { SegmentCreateIn } from './segment.schemas.js';
import type { SegmentRow } from './segment.table.js';

type Ctx = Pick<AppContext, 'db' | 'clock'>;

/**
 * `POST /v1/segments`: a static segment of the listed customers (ids or source ids). Every customer must
 * exist (404 naming the first that does not, and nothing is written). Auto-update segments (filters) are
 * refused. Records no event: segment events are not among the webhook events.
 */
export async function createSegment(ctx: Ctx, caller: Caller, input: SegmentCreateIn): Promise<SegmentRow> {
  if (input.type !== 'static') throw autoUpdateUnsupported();
  return transact(ctx, async (tx) => {
    const ids: string[] = [];
    const seen = new Set<string>();
    for (const ref of input.customers ?? []) {
      const id = await findCustomerId(tx.db, caller.projectId, ref);
      if (id === undefined) throw customerNotFound(ref);
      if (seen.has(id)) throw customerListedTwice(ref);
      seen.add(id);
      ids.push(id);
    }
    const row: SegmentRow = {
      id: newId('segment'),
      project_id: caller.projectId,
      name: input.name,
      type: 'static',
      created_at: tx.now,
    };
    await repo.insertSegment(tx.db, row);
    await repo.insertMembers(tx.db, row, ids);
    return row;
  });
}

export async function getSegment(ctx: Pick<Ctx, 'db'>, projectId: string, id: string): Promise<SegmentRow> {
  const row = await repo.findSegment(ctx.db.kysely, projectId, id);
  if (!row) throw segmentNotFound(id);
  return row;
}

/** Whether the segment (`seg_…`) exists in the project; works inside a transaction (`tx.db`) too. */
export async function segmentExists(db: Kx, projectId: string, id: string): Promise<boolean> {
  return (await repo.findSegment(db, projectId, id)) !== undefined;
}

/** `DELETE /v1/segments/{id}`: the segment and its member list go. */
export async function deleteSegment(ctx: Ctx, projectId: string, id: string): Promise<void> {
  if (!(await repo.deleteSegmentRow(ctx.db.kysely, projectId, id))) throw segmentNotFound(id);
}

/**
 * `GET /v1/customers/{id}/segments`: the segments the customer is in. As Voucherify answers for a customer it
 * does not know (with the segments it would qualify for), an unknown customer gets a list, here an empty one.
 */
export async function listSegmentsOfCustomer(ctx: Pick<Ctx, 'db'>, projectId: string, idOrSourceId: string) {
  const id = await findCustomerId(ctx.db.kysely, projectId, idOrSourceId);
  return id === undefined ? [] : repo.segmentsOfCustomer(ctx.db.kysely, projectId, id);
}

/**
 * The ids (`seg_…`) of the segments a customer (`cust_…`) is in, for `RuleContext.customer.segment_ids`.
 * Works with `ctx.db.kysely` or inside a transaction (`tx.db`).
 */
export async function segmentIdsOfCustomer(db: Kx, projectId: string, customerId: string): Promise<string[]> {
  return (await repo.segmentsOfCustomer(db, projectId, customerId)).map((s) => s.id);
}
