import { sql } from 'kysely';
import type { Tx } from '../platform/db/transaction.js';
import type { VoucherRow } from './voucher.table.js';

/**
 * Moves a loyalty card's pending points (`loyalty_card.pending_points`, the sum of its pending entries) by
 * `delta` in one statement, never below zero. The card after the change, or undefined when it is not a live
 * loyalty card.
 */
export async function changePendingPoints(
  tx: Tx,
  voucherId: string,
  delta: number,
): Promise<VoucherRow | undefined> {
  const pending = sql<number>`coalesce(loyalty_pending_points, 0)`;
  return tx.db
    .updateTable('vouchers')
    .set({
      loyalty_pending_points: sql`case when ${pending} + ${delta} < 0 then 0 else ${pending} + ${delta} end`,
      updated_at: tx.now,
    })
    .where('id', '=', voucherId)
    .where('type', '=', 'LOYALTY_CARD')
    .returningAll()
    .executeTakeFirst();
}
