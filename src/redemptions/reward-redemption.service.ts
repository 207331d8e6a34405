import { type CampaignRow, presentSimpleCampaign } from '../campaigns/index.js';
import { type CustomerRow, customersByIds, presentSimpleCustomer } from '../customers/index.js';
import { findLoyaltyCard, spendLoyaltyPoints } from '../loyalties/index.js';
import { type OrderRow, resolveOrderInput, saveOrder } from '../orders/index.js';
import { iso } from '../platform/clock.js';
import type { AppContext } from '../platform/context.js';
import { type Tx, transact } from '../platform/db/transaction.js';
import { notFound } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import type { Caller } from '../projects/index.js';
import {
  coinPointsFor,
  coinValue,
  findRewardOffer,
  grantReward,
  presentReward,
  recordCustomerRewarded,
} from '../rewards/index.js';
import { consumeVoucherUse, presentSimpleVoucher, type VoucherRow } from '../vouchers/index.js';
import { recordEventFor } from '../webhooks/index.js';
import { RedemptionSucceeded } from './redemption.events.js';
import {
  missingOrder,
  missingReward,
  orderPaidAlready,
  pointsNotTaken,
  rewardOutOfStock,
} from './redemption.errors.js';
import {
  type Json,
  presentRedemption,
  redemptionEventData,
  simpleRedemption,
} from './redemption.presenter.js';
import * as repo from './redemption.repository.js';
import type { RewardRedemptionIn } from './redemption.schemas.js';
import type { RedemptionRow } from './redemption.table.js';

/**
 * Buying a reward with a loyalty card's points (`POST /v1/loyalties/members/{memberId}/redemption` and the
 * campaign-scoped form), in one transaction: the card's points are spent (`POINTS_REDEMPTION`), a unit of
 * the reward's stock is taken, the reward's effect is given to the card's holder, the redemption (`r_…`) of
 * the card is stored, and `voucher.loyalty_card.transaction.created`, the effect's events,
 * `customer.rewarded` and `redemption.succeeded` are recorded. A pay-with-points (COIN) reward pays the
 * request's order instead: its discount is the points' worth, and the order is stored PAID. Points and stock
 * are each spent by one conditional statement, so a refused purchase (points short, stock gone) rolls back
 * whole and the member keeps their points. A rollback of the redemption gives the points and the unit back.
 */

type Ctx = Pick<AppContext, 'db' | 'clock' | 'outboxBell'>;

interface Price {
  points: number;
  /** The discount a COIN reward gives the order, in cents; 0 for the other types. */
  discount: number;
}

async function priceOf(
  tx: Tx,
  caller: Caller,
  offer: Awaited<ReturnType<typeof findRewardOffer>>,
  input: RewardRedemptionIn,
): Promise<Price & { order: RewardRedemptionIn['order'] }> {
  const { reward, assignment } = offer;
  if (reward.type !== 'COIN') {
    if (input.reward?.points !== undefined && input.reward.points !== assignment.points)
      throw pointsNotTaken(reward.id);
    const order = input.order && (await resolveOrderInput(tx.db, caller.projectId, input.order, 'order.'));
    return { points: assignment.points ?? 0, discount: 0, order };
  }
  if (!input.order) throw missingOrder(reward.id);
  const order = await resolveOrderInput(tx.db, caller.projectId, input.order, 'order.');
  const amount = order.amount ?? 0;
  if (amount <= 0) throw orderPaidAlready(reward.id);
  const needed = coinPointsFor(reward, amount);
  const points = Math.min(input.reward?.points ?? needed, needed);
  return { points, discount: Math.min(amount, coinValue(reward, points)), order };
}

/** The order the purchase pays (or was made with): stored PAID, with the points' discount and this redemption. */
async function savePurchaseOrder(
  tx: Tx,
  caller: Caller,
  order: NonNullable<RewardRedemptionIn['order']>,
  at: { customerId: string; discount: number; redemptionId: string; card: VoucherRow },
): Promise<OrderRow> {
  const amount = order.amount ?? 0;
  return saveOrder(tx, caller, order, {
    customerId: at.customerId,
    status: 'PAID',
    discount: {
      initial_amount: amount,
      discount_amount: at.discount,
      items_discount_amount: 0,
      total_discount_amount: at.discount,
      total_amount: amount - at.discount,
      applied_discount_amount: at.discount,
      items_applied_discount_amount: 0,
      total_applied_discount_amount: at.discount,
    },
    redemption: {
      id: at.redemptionId,
      entry: {
        date: iso(tx.now),
        related_object_type: 'voucher',
        related_object_id: at.card.id,
        related_object_parent_id: at.card.campaign_id,
      },
    },
  });
}

function presentOrderRow(row: OrderRow): Json {
  return {
    id: row.id,
    source_id: row.source_id,
    created_at: iso(row.created_at),
    updated_at: row.updated_at === null ? null : iso(row.updated_at),
    status: row.status,
    amount: row.amount,
    discount_amount: row.discount_amount,
    total_discount_amount: row.total_discount_amount,
    total_amount: row.total_amount,
    applied_discount_amount: row.applied_discount_amount,
    total_applied_discount_amount: row.total_applied_discount_amount,
    items: JSON.parse(row.items),
    metadata: JSON.parse(row.metadata),
    customer_id: row.customer_id,
    referrer_id: row.referrer_id,
    object: 'order',
  };
}

async function purchase(
  tx: Tx,
  caller: Caller,
  memberId: string,
  campaignRef: string | undefined,
  input: RewardRedemptionIn,
): Promise<Json> {
  if (!input.reward?.id) throw missingReward();
  const { card, campaign } = await findLoyaltyCard(tx.db, caller.projectId, memberId, campaignRef);
  if (!card.campaign_id || !campaign) throw notFound('campaign', memberId);
  const offer = await findRewardOffer(tx.db, caller.projectId, card.campaign_id, input.reward.id);
  const holder = card.holder_id
    ? (await customersByIds(tx.db, caller.projectId, [card.holder_id])).get(card.holder_id)
    : undefined;
  const price = await priceOf(tx, caller, offer, input);
  const id = newId('redemption');
  const saved =
    price.order && holder
      ? await savePurchaseOrder(tx, caller, price.order, {
          customerId: holder.id,
          discount: price.discount,
          redemptionId: id,
          card,
        })
      : null;
  const redemptionRef = {
    id,
    customer_id: holder?.id ?? null,
    tracking_id: holder?.source_id ?? null,
    date: iso(tx.now),
    amount: price.points,
    result: 'SUCCESS',
    status: 'SUCCEEDED',
    metadata: input.metadata ?? {},
    object: 'redemption',
  };
  // The points first (the member's own card row), then the reward's stock (the row all buyers share).
  const moved = await spendLoyaltyPoints(tx, {
    cause: caller,
    card,
    points: price.points,
    type: 'POINTS_REDEMPTION',
    details: {
      reward: { id: offer.reward.id, name: offer.reward.name },
      redemption: { id },
      ...(saved ? { order: { id: saved.id, source_id: saved.source_id } } : {}),
    },
    eventData: {
      reward: presentReward(offer.reward),
      redemption: redemptionRef,
      ...(saved ? { order: presentOrderRow(saved) } : {}),
    },
  });
  const customer = holder!;
  const granted = await grantReward(tx, caller, {
    reward: offer.reward,
    customer,
    assignmentId: offer.assignment.id,
  });
  if (!granted) throw rewardOutOfStock(offer.reward.id);
  const used = (await consumeVoucherUse(tx, card.id, { customerId: customer.id, amount: 0 })) ?? moved.card;
  return record(tx, caller, { id, input, customer, card: used, campaign, saved, price, granted, moved });
}

async function record(
  tx: Tx,
  caller: Caller,
  p: {
    id: string;
    input: RewardRedemptionIn;
    customer: CustomerRow;
    card: VoucherRow;
    campaign: CampaignRow;
    saved: OrderRow | null;
    price: Price;
    granted: NonNullable<Awaited<ReturnType<typeof grantReward>>>;
    moved: Awaited<ReturnType<typeof spendLoyaltyPoints>>;
  },
): Promise<Json> {
  const order = p.saved ? presentOrderRow(p.saved) : null;
  const base = presentRedemption({
    id: p.id,
    object: 'redemption',
    now: tx.now,
    caller,
    customer: p.customer,
    trackingId: p.customer.source_id,
    metadata: p.input.metadata ?? {},
    amount: p.price.points,
    parentId: null,
    result: 'SUCCESS',
    status: 'SUCCEEDED',
    order,
    voucher: { row: p.card, campaignName: p.campaign.name },
  });
  const body: Json = { ...base, reward: p.granted.reward, loyalty_card: { points: p.price.points } };
  const row: RedemptionRow = {
    id: p.id,
    project_id: caller.projectId,
    object: 'redemption',
    parent_id: null,
    is_parent: 0,
    redemption_id: null,
    result: 'SUCCESS',
    status: 'SUCCEEDED',
    failure_code: null,
    failure_message: null,
    voucher_id: p.card.id,
    voucher_code: p.card.code,
    promotion_tier_id: null,
    campaign_id: p.card.campaign_id,
    customer_id: p.customer.id,
    // Gift credits spent: none (the points are in the body's `loyalty_card`, given back by a rollback).
    amount: 0,
    discount: p.price.discount,
    order_id: p.saved?.id ?? null,
    order_source_id: p.saved?.source_id ?? null,
    request_key: null,
    body: JSON.stringify(body),
    answer: null,
    created_at: tx.now,
  };
  await repo.insertRedemptions(tx.db, [row]);
  const simple = simpleRedemption(body, p.card, p.campaign.name);
  const customer = presentSimpleCustomer(p.customer);
  await recordCustomerRewarded(tx, caller, {
    customer,
    holder: customer,
    voucher: presentSimpleVoucher(p.card, p.campaign.name),
    campaign: presentSimpleCampaign(p.campaign),
    redemption: simple,
    reward: p.granted.reward,
    balance: p.moved.balance,
  });
  await recordEventFor(
    tx,
    caller,
    RedemptionSucceeded,
    p.id,
    redemptionEventData({
      customer: p.customer,
      order,
      campaign: p.campaign,
      voucher: p.card,
      holder: p.customer,
      redemption: simple,
      now: tx.now,
    }),
  );
  return body;
}

/** `POST /v1/loyalties/members/{memberId}/redemption` and `POST /v1/loyalties/{campaignId}/members/{memberId}/redemption`. */
export async function redeemReward(
  ctx: Ctx,
  caller: Caller,
  memberId: string,
  campaignRef: string | undefined,
  input: RewardRedemptionIn,
): Promise<Json> {
  return transact(ctx, (tx) => purchase(tx, caller, memberId, campaignRef, input));
}
