import { sql } from 'kysely';
import type { Tx } from '../platform/db/transaction.js';
import * as repo from './voucher.repository.js';
import type { VoucherRow } from './voucher.table.js';

/**
 * What the loyalty context changes of a loyalty card: its points columns, by one conditional statement, and
 * the lock it takes on the card before it reads the card's buckets.
 */

/**
 * How one movement changes a loyalty card's points: balance, total (`points`), subtracted and expired, and
 * its pending points (0 when not given).
 */
export interface LoyaltyPointsChange {
  balance: number;
  total: number;
  subtracted: number;
  expired: number;
  pending?: number;
}

/**
 * Applies the change to the live loyalty card in one conditional statement, only while its balance stays at
 * or above zero (its pending points too) and its total within exact integers. On PostgreSQL a concurrent change of the same card waits
 * for this one and then re-checks the condition on the row it left, so points are never spent twice. The
 * updated row, or undefined when the condition does not hold (not a live loyalty card, or short of points).
 */
export async function changeLoyaltyPoints(
  tx: Tx,
  voucherId: string,
  change: LoyaltyPointsChange,
): Promise<VoucherRow | undefined> {
  const balance = sql<number>`coalesce(loyalty_balance, 0)`;
  const total = sql<number>`coalesce(loyalty_points, 0)`;
  const pending = sql<number>`coalesce(loyalty_pending_points, 0)`;
  const pendingChange = change.pending ?? 0;
  return tx.db
    .updateTable('vouchers')
    .set({
      loyalty_balance: sql`${balance} + ${change.balance}`,
      loyalty_points: sql`${total} + ${change.total}`,
      loyalty_subtracted_points: sql`coalesce(loyalty_subtracted_points, 0) + ${change.subtracted}`,
      loyalty_expired_points: sql`coalesce(loyalty_expired_points, 0) + ${change.expired}`,
      loyalty_pending_points: sql`${pending} + ${pendingChange}`,
      updated_at: tx.now,
    })
    .where('id', '=', voucherId)
    .where('type', '=', 'LOYALTY_CARD')
    .where('deleted_at', 'is', null)
    .where(sql<boolean>`${balance} + ${change.balance} >= 0`)
    .where(sql<boolean>`${pending} + ${pendingChange} >= 0`)
    .where(sql<boolean>`${total} + ${change.total} <= ${Number.MAX_SAFE_INTEGER}`)
    .where(sql<boolean>`${balance} + ${change.balance} <= ${Number.MAX_SAFE_INTEGER}`)
    .returningAll()
    .executeTakeFirst();
}

/**
 * The loyalty card by id, locked for the transaction where the database has row locks: every writer of a
 * card's points takes this lock (or the one `changeLoyaltyPoints` takes) before it touches the card's buckets.
 */
export async function lockLoyaltyCard(tx: Tx, voucherId: string): Promise<VoucherRow | undefined> {
  const row = await repo.lockVoucher(tx, voucherId);
  return row?.type === 'LOYALTY_CARD' ? row : undefined;
}
