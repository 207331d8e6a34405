import { type CampaignRow, presentSimpleCampaign } from '../campaigns/index.js';
import { type CustomerRow, presentSimpleCustomer } from '../customers/index.js';
import type { Tx } from '../platform/db/transaction.js';
import type { Caller } from '../projects/index.js';
import { grantReward, recordCustomerRewarded, rewardsByIds } from '../rewards/index.js';
import { segmentIdsOfCustomer } from '../segments/index.js';
import { findLiveVoucher, presentSimpleVoucher, type VoucherRow } from '../vouchers/index.js';
import { customersByIds } from '../customers/index.js';
import { iso } from '../platform/clock.js';
import { newId } from '../platform/ids.js';
import { notAReferralCode, referralCodeNotFound, referrerOwnCode } from './referral.errors.js';
import { type Json, presentSimpleTier } from './referral.presenter.js';
import * as repo from './referral.repository.js';
import type { ReferralTierRow } from './referral.table.js';

/**
 * A referral conversion: a referee redeemed a referrer's code (or sent the campaign's custom conversion
 * event with it). The first conversion of each referee counts, once per referrer and campaign; each tier
 * of the campaign then counts the referee (only a referee in its segment, when it has one), and rewards the
 * referrer for each referee (`EACH_REFEREE`) or when the count reaches its minimum (`MIN_REFEREES`, once).
 * Every reward given records `customer.rewarded` with `referral_tier`, beside the events of its effect.
 * All of it happens in the conversion's transaction.
 */

/** What converted: the referral code, its campaign, who referred whom, and the redemption or event. */
export interface Conversion {
  campaign: CampaignRow;
  code: VoucherRow;
  referrer: CustomerRow;
  referee: CustomerRow;
  via:
    | { type: 'redemption'; id: string; redemption: Json }
    | { type: 'event'; id: string; customEvent: Json };
}

/** Whether the tier rewards the referrer now, counting this referee. */
async function tierReached(tx: Tx, tier: ReferralTierRow, c: Conversion, segments: () => Promise<string[]>) {
  if (tier.segment_id !== null && !(await segments()).includes(tier.segment_id)) return false;
  const n = await repo.countReferee(tx.db, {
    tierId: tier.id,
    referrerId: c.referrer.id,
    projectId: c.campaign.project_id,
  });
  return tier.criteria_type === 'EACH_REFEREE' || n === tier.min_referees;
}

async function rewardReferrer(tx: Tx, caller: Caller, tier: ReferralTierRow, c: Conversion) {
  const ids = (JSON.parse(tier.rewards) as { id: string }[]).map((r) => r.id);
  const rewards = new Map((await rewardsByIds(tx, caller.projectId, ids)).map((r) => [r.id, r]));
  const referrer = presentSimpleCustomer(c.referrer);
  for (const id of ids) {
    const reward = rewards.get(id);
    // A reward removed since the tier was set, or out of stock, gives nothing.
    const granted = reward ? await grantReward(tx, caller, { reward, customer: c.referrer }) : null;
    if (!granted) continue;
    await recordCustomerRewarded(tx, caller, {
      customer: referrer,
      holder: referrer,
      voucher: presentSimpleVoucher(c.code, c.campaign.name),
      campaign: presentSimpleCampaign(c.campaign),
      redemption: c.via.type === 'redemption' ? c.via.redemption : null,
      reward: granted.reward,
      referral_tier: presentSimpleTier(tier, c.campaign),
      custom_event: c.via.type === 'event' ? c.via.customEvent : null,
    });
  }
}

/** Counts the conversion and gives the referrer what the campaign's tiers grant for it. */
export async function convertReferral(tx: Tx, caller: Caller, c: Conversion): Promise<void> {
  if (c.referee.id === c.referrer.id) return;
  const first = await repo.insertRefereeUnlessKnown(tx.db, {
    project_id: caller.projectId,
    campaign_id: c.campaign.id,
    voucher_id: c.code.id,
    referrer_id: c.referrer.id,
    referee_id: c.referee.id,
    related_object_type: c.via.type,
    related_object_id: c.via.id,
    created_at: tx.now,
  });
  if (!first) return;
  let segmentIds: Promise<string[]> | null = null;
  const segments = () => (segmentIds ??= segmentIdsOfCustomer(tx.db, caller.projectId, c.referee.id));
  for (const tier of await repo.selectTiers(tx.db, c.campaign.id, { limit: 100 }))
    if (await tierReached(tx, tier, c, segments)) await rewardReferrer(tx, caller, tier, c);
}

/** Whether redeeming the code is a conversion of its campaign (a referral code of a program converting by redemption). */
export function convertsByRedemption(campaign: CampaignRow | null, code: VoucherRow): boolean {
  if (campaign?.campaign_type !== 'REFERRAL_PROGRAM' || code.is_referral_code !== 1) return false;
  const rp = campaign.referral_program ? (JSON.parse(campaign.referral_program) as Json) : {};
  return (rp.conversion_event_type ?? 'redemption') === 'redemption';
}

/** The program's custom conversion event, by the name (or id) its `referral_program.custom_event` gives. */
function convertsByEvent(campaign: CampaignRow, event: string): boolean {
  const rp = campaign.referral_program ? (JSON.parse(campaign.referral_program) as Json) : {};
  if (rp.conversion_event_type !== 'custom_event') return false;
  const custom = (rp.custom_event ?? {}) as { id?: string; name?: string };
  return custom.id === event || custom.name === event;
}

/**
 * `POST /v1/events` with `referral.code`: when the code's program converts by this custom event, the event's
 * customer is the referee, as a redemption of the code would make them (the referrer may not convert their
 * own code). An unknown code is a 404; a code that is no referral code a 400; an event that is not the
 * program's conversion counts nothing. Runs in the event's transaction.
 */
export async function convertByEvent(
  tx: Tx,
  caller: Caller,
  e: { code: string; event: string; customer: CustomerRow; metadata: Json; loyaltyCode: string | null },
): Promise<void> {
  const found = await findLiveVoucher(tx.db, caller.projectId, e.code);
  if (!found) throw referralCodeNotFound(e.code);
  const { row: code, campaign } = found;
  if (code.is_referral_code !== 1 || campaign?.campaign_type !== 'REFERRAL_PROGRAM')
    throw notAReferralCode(code.code);
  if (code.holder_id === e.customer.id) throw referrerOwnCode(code.code);
  if (code.holder_id === null || !convertsByEvent(campaign, e.event)) return;
  const referrer = (await customersByIds(tx.db, caller.projectId, [code.holder_id])).get(code.holder_id);
  if (!referrer) return;
  const id = newId('customEvent');
  const customEvent: Json = {
    id,
    object: 'event',
    type: e.event,
    customer: { ...presentSimpleCustomer(e.customer), object: 'customer' },
    referral: { referrer_id: referrer.id, code: code.code, id: code.id },
    loyalty: e.loyaltyCode ? { code: e.loyaltyCode } : {},
    metadata: e.metadata,
    created_at: iso(tx.now),
  };
  await convertReferral(tx, caller, {
    campaign,
    code,
    referrer,
    referee: e.customer,
    via: { type: 'event', id, customEvent },
  });
}
