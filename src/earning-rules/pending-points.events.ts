import { Type } from '@sinclair/typebox';
import { SimpleCampaignOut, sampleSimpleCampaign } from '../campaigns/index.js';
import { presentSimpleCustomer, SAMPLE_CUSTOMER_ROW, SimpleCustomerOut } from '../customers/index.js';
import { presentSimpleOrder, SimpleOrderOut, sampleOrderRow } from '../orders/index.js';
import { FreeObject } from '../platform/schemas.js';
import { presentSimpleVoucher, SimpleVoucherOut } from '../vouchers/index.js';
import { declareEvent, SAMPLE_TIME } from '../webhooks/index.js';
import { cardBalance, sampleCardRow, VoucherBalanceOut } from './accrual.events.js';
import { sampleEarningRuleRow } from './earning-rule.events.js';
import type { PendingPointsRow } from './earning-rule.table.js';
import { presentPendingPoints } from './pending-points.presenter.js';

/*
 * The voucher.loyalty_card.pending_points.* events, after webhooks.json: the card's customer, campaign and
 * SimpleVoucher, the order that earned the points, the entry (`LoyaltyPendingPoints`) and the card's pending
 * balance (`voucher_pending_points_balance`); an activation carries the card's balance and the
 * PENDING_POINTS_ACTIVATION transaction instead.
 */

const Time = () => Type.String({ format: 'date-time' });

export const PendingPointsOut = Type.Unsafe<Record<string, unknown>>(
  Type.Object({
    id: Type.String(),
    voucher_id: Type.String(),
    campaign_id: Type.String(),
    customer_id: Type.String(),
    order_id: Type.String(),
    points: Type.Integer(),
    activates_at: Type.String({ format: 'date' }),
    details: FreeObject,
    created_at: Time(),
    updated_at: Type.Optional(Time()),
  }),
);

const DAY = 24 * 60 * 60 * 1000;

export const samplePendingPointsRow = (): PendingPointsRow => ({
  id: 'lopp_sample0000000000000000',
  project_id: 'proj_sample',
  campaign_id: sampleSimpleCampaign().id as string,
  voucher_id: sampleCardRow().id,
  customer_id: SAMPLE_CUSTOMER_ROW.id,
  order_id: sampleOrderRow().id,
  earning_rule_id: sampleEarningRuleRow().id,
  points: 12,
  status: 'PENDING',
  activates_at: Math.floor(SAMPLE_TIME / DAY) * DAY + 7 * DAY,
  details: JSON.stringify({
    event: {
      id: 'evt_sample00000000000000000',
      type: 'customer.order.paid',
      category: 'ACTION',
      entity_id: SAMPLE_CUSTOMER_ROW.id,
      created_at: new Date(SAMPLE_TIME).toISOString(),
      group_id: 'v-0000000000000000aa',
      event_source: { channel: 'API' },
    },
    earning_rule: { id: sampleEarningRuleRow().id, source: { banner: 'One point for every 10.00' } },
    order: { id: sampleOrderRow().id, source_id: sampleOrderRow().source_id },
  }),
  created_at: SAMPLE_TIME,
  updated_at: null,
});

// Built when first needed, not while the modules load: the other contexts' schemas may not exist yet.
const common = () => ({
  customer: SimpleCustomerOut,
  campaign: SimpleCampaignOut,
  voucher: SimpleVoucherOut,
  order: SimpleOrderOut,
  pending_points: PendingPointsOut,
});

const WithPendingBalance = () =>
  Type.Object({ ...common(), voucher_pending_points_balance: VoucherBalanceOut });

function sample(patch: Partial<PendingPointsRow>, pendingTotal: number) {
  return () => {
    const entry = { ...samplePendingPointsRow(), ...patch };
    const card = { ...sampleCardRow(), loyalty_pending_points: pendingTotal };
    return {
      data: {
        customer: presentSimpleCustomer(SAMPLE_CUSTOMER_ROW as never),
        campaign: sampleSimpleCampaign(),
        voucher: presentSimpleVoucher(card, sampleSimpleCampaign().name as string),
        voucher_pending_points_balance: pendingBalance(card.id, entry.points, pendingTotal),
        order: presentSimpleOrder(sampleOrderRow()),
        pending_points: presentPendingPoints(entry),
      },
      entityId: card.id,
    };
  };
}

/** The card's pending balance after a change of `points` of one entry. */
export function pendingBalance(voucherId: string, points: number, total: number, manual = false) {
  return {
    type: 'loyalty_card' as const,
    total,
    object: 'balance' as const,
    points,
    balance: total,
    operation_type: manual ? ('MANUAL' as const) : ('AUTOMATIC' as const),
    related_object: { id: voucherId, type: 'voucher' as const },
  };
}

export const PendingPointsAdded = declareEvent(
  'voucher.loyalty_card.pending_points.added',
  WithPendingBalance,
  sample({}, 12),
);
export const PendingPointsUpdated = declareEvent(
  'voucher.loyalty_card.pending_points.updated',
  WithPendingBalance,
  sample({ points: 15, updated_at: SAMPLE_TIME + 60_000 }, 15),
);
export const PendingPointsCanceled = declareEvent(
  'voucher.loyalty_card.pending_points.canceled',
  WithPendingBalance,
  sample({ status: 'CANCELED', updated_at: SAMPLE_TIME + 60_000 }, 0),
);
export const PendingPointsActivated = declareEvent(
  'voucher.loyalty_card.pending_points.activated',
  () => Type.Object({ ...common(), balance: VoucherBalanceOut, transaction: FreeObject }),
  () => {
    const entry = {
      ...samplePendingPointsRow(),
      status: 'ACTIVATED' as const,
      updated_at: SAMPLE_TIME + 60_000,
    };
    const card = { ...sampleCardRow(), loyalty_balance: 132, loyalty_points: 132 };
    return {
      data: {
        customer: presentSimpleCustomer(SAMPLE_CUSTOMER_ROW as never),
        campaign: sampleSimpleCampaign(),
        voucher: presentSimpleVoucher(card, sampleSimpleCampaign().name as string),
        balance: cardBalance(card, entry.points),
        order: presentSimpleOrder(sampleOrderRow()),
        transaction: {
          id: 'vtx_sample0000000000000000',
          source_id: null,
          voucher_id: card.id,
          campaign_id: card.campaign_id,
          source: null,
          reason: null,
          type: 'PENDING_POINTS_ACTIVATION',
          details: { balance: cardBalance(card, entry.points) },
          related_transaction_id: null,
          created_at: new Date(SAMPLE_TIME + 60_000).toISOString(),
        },
        pending_points: presentPendingPoints(entry),
      },
      entityId: card.id,
    };
  },
);

export const PENDING_POINTS_EVENTS = [
  PendingPointsAdded,
  PendingPointsActivated,
  PendingPointsCanceled,
  PendingPointsUpdated,
] as const;
