import { sql } from 'kysely';
import type { Kx } from '../platform/db/connect.js';
import type { VoucherRow } from './voucher.table.js';
import type { VoucherTransactionRow } from './voucher-transaction.table.js';

/** How one movement changes a gift card: its balance, its total (`gift.amount`) and its subtracted amount. */
export interface GiftChange {
  balance: number;
  total: number;
  subtracted: number;
}

/**
 * Applies the change to the live gift card in one conditional statement, only while its balance stays at or
 * above zero and its total within exact integers. On PostgreSQL a concurrent change of the same card waits
 * for this one and then re-checks the condition on the row it left, so credits are never spent twice.
 * The updated row, or undefined when the condition does not hold (the card is not a live gift card, its
 * balance is short, or the total would grow past 2^53 − 1).
 */
export async function changeGiftBalanceRow(
  db: Kx,
  voucherId: string,
  change: GiftChange,
  now: number,
): Promise<VoucherRow | undefined> {
  const balance = sql<number>`coalesce(gift_balance, 0)`;
  const total = sql<number>`coalesce(gift_amount, 0)`;
  return db
    .updateTable('vouchers')
    .set({
      gift_balance: sql`${balance} + ${change.balance}`,
      gift_amount: sql`${total} + ${change.total}`,
      gift_subtracted_amount: sql`coalesce(gift_subtracted_amount, 0) + ${change.subtracted}`,
      updated_at: now,
    })
    .where('id', '=', voucherId)
    .where('type', '=', 'GIFT_VOUCHER')
    .where('deleted_at', 'is', null)
    .where(sql<boolean>`${balance} + ${change.balance} >= 0`)
    .where(sql<boolean>`${total} + ${change.total} <= ${Number.MAX_SAFE_INTEGER}`)
    .returningAll()
    .executeTakeFirst();
}

/** The number of the card's next transaction; the caller holds the card's row (it just changed it). */
export async function nextTransactionSeq(db: Kx, voucherId: string): Promise<number> {
  const r = await db
    .selectFrom('voucher_transactions')
    .select(sql<number>`coalesce(max(seq), 0)`.as('n'))
    .where('voucher_id', '=', voucherId)
    .executeTakeFirstOrThrow();
  return Number(r.n) + 1;
}

export async function insertTransaction(db: Kx, row: VoucherTransactionRow): Promise<void> {
  await db.insertInto('voucher_transactions').values(row).execute();
}

export async function findTransaction(
  db: Kx,
  voucherId: string,
  id: string,
): Promise<VoucherTransactionRow | undefined> {
  return db
    .selectFrom('voucher_transactions')
    .selectAll()
    .where('voucher_id', '=', voucherId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Up to `limit` + 1 of the card's transactions in `seq` order, strictly after `afterSeq` in that order. */
export async function selectTransactions(
  db: Kx,
  voucherId: string,
  desc: boolean,
  afterSeq: number | undefined,
  limit: number,
): Promise<VoucherTransactionRow[]> {
  let q = db.selectFrom('voucher_transactions').selectAll().where('voucher_id', '=', voucherId);
  if (afterSeq !== undefined) q = q.where('seq', desc ? '<' : '>', afterSeq);
  return q
    .orderBy('seq', desc ? 'desc' : 'asc')
    .limit(limit + 1)
    .execute();
}

/** A voucher by id, binned or not. */
export async function findVoucherById(db: Kx, id: string): Promise<VoucherRow | undefined> {
  return db.selectFrom('vouchers').selectAll().where('id', '=', id).executeTakeFirst();
}
