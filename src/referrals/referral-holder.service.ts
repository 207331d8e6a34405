import { createHash } from 'node:crypto';
import { readLiveCampaign } from '../campaigns/index.js';
import type { AppContext } from '../platform/context.js';
import { iso } from '../platform/clock.js';
import { findLiveVoucher } from '../vouchers/index.js';
import { notAReferralCode, referralCodeNotFound } from './referral.errors.js';
import type { Json } from './referral.presenter.js';
import * as repo from './referral.repository.js';
import type { HoldersQuery } from './referral.schemas.js';

/**
 * The holders of a referral code (`GET /v1/referrals/…/members/{memberId}/holders`, api-referrals.json's
 * `RedeemableHolder`): its referrer (the customer it was published to) and the referees it brought. A
 * holder's id (`rh_…`) is derived from the code and the customer, so it is the same on every read.
 */

type Ctx = Pick<AppContext, 'db'>;

const holderId = (voucherId: string, customerId: string) =>
  'rh_' + createHash('sha256').update(`${voucherId}:${customerId}`).digest('hex').slice(0, 18);

export async function listHolders(
  ctx: Ctx,
  projectId: string,
  memberId: string,
  campaignRef: string | null,
  q: HoldersQuery,
) {
  const db = ctx.db.kysely;
  const found = await findLiveVoucher(db, projectId, memberId);
  if (!found) throw referralCodeNotFound(memberId);
  const { row, campaign } = found;
  if (campaignRef !== null) {
    const named = await readLiveCampaign(db, projectId, campaignRef);
    if (named.id !== row.campaign_id) throw referralCodeNotFound(memberId);
  }
  if (row.is_referral_code !== 1 || !campaign) throw notAReferralCode(row.code);
  const holder = (customerId: string, role: string, at: number): Json => ({
    id: holderId(row.id, customerId),
    created_at: iso(at),
    redeemable_id: row.id,
    redeemable_object: 'voucher',
    campaign_id: campaign.id,
    campaign_type: 'REFERRAL_PROGRAM',
    voucher_type: row.type,
    customer_id: customerId,
    holder_role: role,
    object: 'redeemable_holder',
  });
  const desc = q.order === '-created_at';
  const referees = await repo.refereesOfCode(db, row.id, desc ? 'desc' : 'asc', q.limit);
  const all = referees.map((r) => holder(r.referee_id, 'REFEREE', r.created_at));
  // The referrer holds the code from its publication; it sorts before every referee.
  if (row.holder_id !== null) {
    const referrer = holder(row.holder_id, 'REFERRER', row.created_at);
    if (desc) all.push(referrer);
    else all.unshift(referrer);
  }
  const total = (await repo.countRefereesOfCode(db, row.id)) + (row.holder_id !== null ? 1 : 0);
  const data = all.slice(0, q.limit);
  return { object: 'list', data_ref: 'data', data, total, has_more: total > data.length };
}
