import type { CampaignRow } from '../campaigns/index.js';
import type { CustomerRow } from '../customers/index.js';
import type { Tx } from '../platform/db/transaction.js';
import type { Caller } from '../projects/index.js';
import { convertReferral, convertsByRedemption } from '../referrals/index.js';
import type { Outcome, Validation } from '../validations/index.js';
import type { VoucherRow } from '../vouchers/index.js';
import type { Json } from './redemption.presenter.js';
import type { Spent } from './redemption-spend.service.js';

/** The referrer of a redeemed referral code: its holder, when its program converts by redemption. */
export function referrerOf(
  row: VoucherRow | null,
  campaign: CampaignRow | null,
  holders: Map<string, CustomerRow>,
): CustomerRow | null {
  if (!row || row.holder_id === null || !convertsByRedemption(campaign, row)) return null;
  return holders.get(row.holder_id) ?? null;
}

/**
 * Each referral code of the request is a conversion of its program: the referrer's tiers are counted, and
 * what they grant is given, in this transaction (see the referrals context).
 */
export async function convertReferrals(
  tx: Tx,
  caller: Caller,
  built: { events: { id: string; data: Json }[] },
  spent: Map<Outcome, Spent>,
  v: Validation,
  holders: Map<string, CustomerRow>,
) {
  if (!v.customer) return;
  for (const e of built.events) {
    const s = [...spent.values()].find((x) => x.row?.id === (e.data.voucher as { id?: string } | null)?.id);
    const referrer = s ? referrerOf(s.row, s.campaign, holders) : null;
    if (!s?.row || !referrer) continue;
    await convertReferral(tx, caller, {
      campaign: s.campaign!,
      code: s.row,
      referrer,
      referee: v.customer,
      via: { type: 'redemption', id: e.id, redemption: e.data.redemption as Json },
    });
  }
}
