import type { CampaignRow } from '../campaigns/index.js';
import type { CustomerRow } from '../customers/index.js';
import { iso } from '../platform/clock.js';
import type { Tx } from '../platform/db/transaction.js';
import type { Caller } from '../projects/index.js';
import { recordTierRedemption } from '../promotions/index.js';
import type { Outcome, Validation } from '../validations/index.js';
import { consumeVoucherUse, spendGiftCredits, type VoucherRow } from '../vouchers/index.js';
import { Refused } from './redemption.errors.js';
import type { Json } from './redemption.presenter.js';

/** The ids of a request's child redemptions, and of the parent of a stack. */
export interface Ids {
  children: string[];
  parent: string | null;
}

export interface Spent {
  outcome: Outcome;
  /** The voucher after its use; null for a promotion tier. */
  row: VoucherRow | null;
  campaign: CampaignRow | null;
  credits: number;
}

/** A tier's discount and its order's amount, added to the tier's summary. */
async function spendTier(tx: Tx, o: Outcome, v: Validation): Promise<Spent> {
  const discount = (o.applied?.discount ?? 0) + (o.applied?.itemsDiscount ?? 0);
  await recordTierRedemption(tx, o.tier!.row.id, { amount: v.initial.amount, discount });
  return { outcome: o, row: null, campaign: o.tier!.campaign, credits: 0 };
}

/**
 * Spends what each applicable redeemable takes: one use of the voucher, and a gift card's credits, each by
 * one conditional statement. Vouchers are taken in id order so that two stacks sharing vouchers lock them in
 * the same order on PostgreSQL and never deadlock.
 */
export async function spend(
  tx: Tx,
  caller: Caller,
  v: Validation,
  applicable: Outcome[],
  at: { customer: CustomerRow | null; ids: Ids; orderId: string | null; metadata: Json },
): Promise<Map<Outcome, Spent>> {
  const idOf = new Map(applicable.map((o, k) => [o, at.ids.children[k]!]));
  const customerId = at.customer?.id ?? null;
  const out = new Map<Outcome, Spent>();
  for (const o of applicable) if (o.tier) out.set(o, await spendTier(tx, o, v));
  const byId = applicable
    .filter((o) => o.voucher)
    .sort((a, b) =>
      a.voucher!.row.id < b.voucher!.row.id ? -1 : a.voucher!.row.id > b.voucher!.row.id ? 1 : 0,
    );
  for (const o of byId) {
    const v = o.voucher!.row;
    const credits =
      v.type === 'GIFT_VOUCHER' ? (o.applied?.discount ?? 0) + (o.applied?.itemsDiscount ?? 0) : 0;
    let row = await consumeVoucherUse(tx, v.id, { customerId, amount: credits });
    if (!row)
      throw new Refused(
        {
          status: 400,
          key: 'quantity_exceeded',
          message: 'Quantity exceeded',
          details: `Voucher ${v.code} has no redemption left`,
        },
        { voucherCode: v.code },
      );
    if (credits > 0) {
      // The gift card's credits, with their CREDITS_REDEMPTION transaction and its event.
      const moved = await spendGiftCredits(tx, caller, {
        voucherId: v.id,
        amount: credits,
        ...(at.orderId ? { orderId: at.orderId } : {}),
        redemption: {
          id: idOf.get(o)!,
          object: 'redemption',
          date: iso(tx.now),
          customer_id: customerId,
          tracking_id: at.customer?.source_id ?? null,
          amount: credits,
          result: 'SUCCESS',
          status: 'SUCCEEDED',
          metadata: at.metadata,
        },
      });
      if (!moved)
        throw new Refused(
          {
            status: 400,
            key: 'gift_amount_exceeded',
            message: 'Gift amount exceeded',
            details: `Gift card ${v.code} has less than the ${credits} credits asked for left`,
          },
          { voucherCode: v.code },
        );
      row = { ...row, gift_balance: moved.balance };
    }
    out.set(o, { outcome: o, row, campaign: o.voucher!.campaign, credits });
  }
  return out;
}
