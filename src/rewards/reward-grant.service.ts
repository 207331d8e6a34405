import { readLiveCampaign } from '../campaigns/index.js';
import { type CustomerRow, presentSimpleCustomer } from '../customers/index.js';
import type { Tx } from '../platform/db/transaction.js';
import { addLoyaltyPoints, heldLoyaltyCards, publishLoyaltyCard } from '../loyalties/index.js';
import { findCatalogueItems, presentItemProduct, presentItemSku } from '../products/index.js';
import type { Caller } from '../projects/index.js';
import { publishInTransaction } from '../publications/index.js';
import {
  addGiftCredits,
  heldCampaignVouchers,
  presentSimpleVoucher,
  type VoucherRow,
  vouchersByIds,
} from '../vouchers/index.js';
import { rewardCampaignGone } from './reward.errors.js';
import { type Json, presentReward } from './reward.presenter.js';
import * as repo from './reward.repository.js';
import type { RewardRow } from './reward.table.js';

/**
 * What giving a reward to a customer does, by its type, inside the caller's transaction: a CAMPAIGN reward
 * publishes a code of its DISCOUNT_COUPONS campaign to the customer, or adds its balance of credits to the
 * customer's gift card of its GIFT_VOUCHERS campaign (publishing one first when the customer holds none);
 * or adds its balance of points to the customer's card of its LOYALTY_PROGRAM campaign (the same way);
 * a MATERIAL reward names its product (and SKU), to be handed over outside Vouchsafe. Each effect records its
 * own events (`publication.succeeded` and `voucher.published`, `voucher.gift.*`). A unit of the reward's
 * stock is taken first, by one conditional statement.
 */

interface CampaignParameters {
  campaign: { id: string; type: string; balance?: number };
}

/** What was given: the `reward` object of a redemption and of `customer.rewarded` (SimpleRedemptionRewardResult). */
export interface Granted {
  reward: Json;
  /** The voucher the reward published or credited, as it stands after. */
  voucher: VoucherRow | null;
}

/** The voucher of the campaign the customer holds, or one published to them now. */
async function heldOrPublished(tx: Tx, caller: Caller, campaignId: string, customer: CustomerRow) {
  const held = await heldCampaignVouchers(tx.db, caller.projectId, customer.id, campaignId);
  if (held[0]) return held[0];
  return publishedTo(tx, caller, campaignId, customer);
}

async function publishedTo(tx: Tx, caller: Caller, campaignId: string, customer: CustomerRow) {
  const view = await publishInTransaction(tx, caller, {
    campaign: campaignId,
    customer: { id: customer.id },
    channel: 'API',
  });
  return view.vouchers[0]!.row;
}

async function campaignEffect(tx: Tx, caller: Caller, reward: RewardRow, customer: CustomerRow) {
  const { campaign: p } = JSON.parse(reward.parameters) as CampaignParameters;
  const campaign = await readLiveCampaign(tx.db, caller.projectId, p.id).catch(() => {
    throw rewardCampaignGone(reward.id, p.id);
  });
  if (campaign.campaign_type === 'DISCOUNT_COUPONS') return publishedTo(tx, caller, campaign.id, customer);
  if (campaign.campaign_type === 'GIFT_VOUCHERS') {
    const card = await heldOrPublished(tx, caller, campaign.id, customer);
    const moved = await addGiftCredits(tx, caller, {
      voucherId: card.id,
      amount: p.balance ?? 0,
      reason: `Reward ${reward.id}`,
    });
    if (!moved) throw rewardCampaignGone(reward.id, campaign.id);
    return card;
  }
  // LOYALTY_PROGRAM: points on the customer's card of that program (a card is published first if need be).
  const held = await heldLoyaltyCards(tx.db, caller.projectId, customer.id, campaign.id);
  const card =
    held[0] ?? (await publishLoyaltyCard(tx, caller, { campaign, customer: { id: customer.id } })).card;
  await addLoyaltyPoints(tx, {
    cause: caller,
    card,
    points: p.balance ?? 0,
    type: 'POINTS_ADDITION',
    reason: `Reward ${reward.id}`,
    details: { reward: { id: reward.id, name: reward.name } },
    eventData: { reward: presentReward(reward) },
  });
  return card;
}

async function productOf(tx: Tx, projectId: string, reward: RewardRow): Promise<Json> {
  const { product } = JSON.parse(reward.parameters) as { product: { id: string; sku_id: string | null } };
  const hits = await findCatalogueItems(tx.db, projectId, {
    products: [product.id],
    skus: product.sku_id ? [product.sku_id] : [],
  });
  const out: Json = {};
  const p = hits.product(product.id);
  if (p) out.product = presentItemProduct(p);
  const sku = product.sku_id ? hits.sku(product.sku_id) : undefined;
  if (sku) out.sku = presentItemSku(sku);
  return out;
}

/**
 * Gives one unit of the reward to the customer; null when its stock is spent (then nothing is written).
 * `assignmentId` is the loyalty campaign's assignment it was bought through, when it was.
 */
export async function grantReward(
  tx: Tx,
  caller: Caller,
  g: { reward: RewardRow; customer: CustomerRow; assignmentId?: string | null },
): Promise<Granted | null> {
  const taken = await repo.takeRewardUnit(tx.db, g.reward.id, tx.now);
  if (!taken) return null;
  const out: Json = { customer: presentSimpleCustomer(g.customer), assignment_id: g.assignmentId ?? null };
  let voucher: VoucherRow | null = null;
  if (taken.type === 'CAMPAIGN') {
    const given = await campaignEffect(tx, caller, taken, g.customer);
    const after = (await vouchersByIds(tx.db, caller.projectId, [given.id])).get(given.id)!;
    voucher = after.row;
    out.voucher = presentSimpleVoucher(after.row, after.campaignName);
  } else if (taken.type === 'MATERIAL') Object.assign(out, await productOf(tx, caller.projectId, taken));
  Object.assign(out, {
    id: taken.id,
    object: 'reward',
    name: taken.name,
    created_at: new Date(taken.created_at).toISOString(),
    updated_at: taken.updated_at === null ? null : new Date(taken.updated_at).toISOString(),
    parameters: JSON.parse(taken.parameters),
    type: taken.type,
  });
  return { reward: out, voucher };
}

/** The rewards by id that exist in the project. */
export async function rewardsByIds(tx: Tx, projectId: string, ids: string[]): Promise<RewardRow[]> {
  return repo.rewardsByIds(tx.db, projectId, ids);
}
