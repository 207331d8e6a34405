import type { Tx } from '../platform/db/transaction.js';
import * as repo from './voucher.repository.js';
import type { VoucherRow } from './voucher.table.js';

/**
 * What the redemptions context changes of a voucher: its uses (`redemption.redeemed_quantity`) and the
 * amount redeemed with it, each by one conditional statement inside the redemption's transaction.
 */

/**
 * Spends one use of the voucher for a redemption, adding `amount` (the discount or credits it gave) to its
 * `redeemed_amount`. Undefined when the voucher has no use left: the caller refuses with
 * `quantity_exceeded`. `customerId` is the redeeming customer (the `redemption.count.*` rules, counted by the redemptions context under a lock, have passed already).
 */
export async function consumeVoucherUse(
  tx: Tx,
  voucherId: string,
  use: { customerId: string | null; amount: number },
): Promise<VoucherRow | undefined> {
  return repo.takeVoucherUse(tx, voucherId, use.amount);
}

/** Returns one use of the voucher (a rollback), with the amount it had added. */
export async function returnVoucherUse(
  tx: Tx,
  voucherId: string,
  use: { amount: number },
): Promise<VoucherRow | undefined> {
  return repo.giveVoucherUseBack(tx, voucherId, use.amount);
}
