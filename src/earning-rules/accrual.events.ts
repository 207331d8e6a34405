import { Type } from '@sinclair/typebox';
import {
  type CampaignRow,
  presentSimpleCampaign,
  SimpleCampaignOut,
  sampleSimpleCampaign,
} from '../campaigns/index.js';
import {
  customersByIds,
  presentSimpleCustomer,
  SAMPLE_CUSTOMER_ROW,
  SimpleCustomerOut,
} from '../customers/index.js';
import { presentOrder, sampleOrderRow } from '../orders/index.js';
import { iso } from '../platform/clock.js';
import type { Tx } from '../platform/db/transaction.js';
import { newId } from '../platform/ids.js';
import { FreeObject, Nullable } from '../platform/schemas.js';
import {
  presentSimpleVoucher,
  SimpleVoucherOut,
  sampleVoucherRow,
  type VoucherRow,
} from '../vouchers/index.js';
import { declareEvent, recordEventFor, SAMPLE_TIME } from '../webhooks/index.js';
import { EarningRuleEventOut, sampleEarningRuleRow } from './earning-rule.events.js';
import { presentEarningRule } from './earning-rule.presenter.js';
import type { AccrualCause, AccrualTrigger } from './accrual.service.js';
import type { OrderRow } from '../orders/index.js';

type Json = Record<string, unknown>;

/** `VoucherBalance` of a loyalty card after a change of `points` (AUTOMATIC: an earning rule did it). */
export const VoucherBalanceOut = Type.Object({
  type: Type.Literal('loyalty_card'),
  total: Type.Integer(),
  object: Type.Literal('balance'),
  points: Type.Integer(),
  balance: Type.Integer(),
  operation_type: Type.Union([Type.Literal('MANUAL'), Type.Literal('AUTOMATIC')]),
  related_object: Type.Object({ id: Type.String(), type: Type.Literal('voucher') }),
});

export function cardBalance(
  card: VoucherRow,
  points: number,
  operation: 'MANUAL' | 'AUTOMATIC' = 'AUTOMATIC',
) {
  return {
    type: 'loyalty_card' as const,
    total: card.loyalty_points ?? 0,
    object: 'balance' as const,
    points,
    balance: card.loyalty_balance ?? 0,
    operation_type: operation,
    related_object: { id: card.id, type: 'voucher' as const },
  };
}

/** `SimpleEvent`: the customer event an accrual answers (`customer.order.paid`, a custom event, a tier change). */
export const SimpleEventOut = Type.Object({
  id: Type.String(),
  type: Type.String(),
  category: Type.Literal('ACTION'),
  entity_id: Type.String(),
  created_at: Type.String({ format: 'date-time' }),
  group_id: Nullable(Type.String()),
});

/** The customer event of a trigger, as accruals' events and transaction details name it. */
export function simpleEventOf(tx: Tx, caller: AccrualCause, t: AccrualTrigger): Json {
  return {
    id: newId('event'),
    type: t.event === 'order.paid' ? 'customer.order.paid' : t.event,
    category: 'ACTION',
    entity_id: t.customer.id,
    created_at: iso(tx.now),
    group_id: caller.requestId,
  };
}

/** A LOYALTY_CARD in the sample campaign, with the sample customer as holder. */
export const sampleCardRow = (): VoucherRow => ({
  ...sampleVoucherRow(),
  type: 'LOYALTY_CARD',
  discount: null,
  loyalty_points: 120,
  loyalty_balance: 120,
  loyalty_pending_points: 0,
  loyalty_expired_points: 0,
  loyalty_subtracted_points: 0,
  holder_id: SAMPLE_CUSTOMER_ROW.id,
});

export const CustomerRewardedLoyaltyPoints = declareEvent(
  'customer.rewarded.loyalty_points',
  () =>
    Type.Object({
      customer: SimpleCustomerOut,
      holder: SimpleCustomerOut,
      voucher: SimpleVoucherOut,
      campaign: SimpleCampaignOut,
      loyalty_tier: Nullable(FreeObject),
      earning_rule: EarningRuleEventOut,
      balance: VoucherBalanceOut,
      order: Nullable(FreeObject),
      event: SimpleEventOut,
      publication: Nullable(FreeObject),
    }),
  () => {
    const card = sampleCardRow();
    const customer = presentSimpleCustomer(SAMPLE_CUSTOMER_ROW as never);
    return {
      data: {
        customer,
        holder: customer,
        voucher: presentSimpleVoucher(card, sampleSimpleCampaign().name as string),
        campaign: sampleSimpleCampaign(),
        loyalty_tier: null,
        earning_rule: presentEarningRule(sampleEarningRuleRow()),
        balance: cardBalance(card, 12),
        order: presentOrder({ ...sampleOrderRow(), status: 'PAID' }),
        event: {
          id: 'evt_sample00000000000000000',
          type: 'customer.order.paid',
          category: 'ACTION',
          entity_id: SAMPLE_CUSTOMER_ROW.id,
          created_at: iso(SAMPLE_TIME),
          group_id: 'v-0000000000000000aa',
        },
        publication: null,
      },
      // A `customer.*` event names its customer, as customer.rewarded does.
      entityId: SAMPLE_CUSTOMER_ROW.id,
    };
  },
);

/** Records `customer.rewarded.loyalty_points` for points an earning rule added to a card. */
export async function recordRewarded(
  tx: Tx,
  caller: AccrualCause,
  a: {
    campaign: CampaignRow;
    trigger: AccrualTrigger;
    event: Json;
    publicationId: string | null;
    moved: { card: VoucherRow; transactionRow: { points: number } };
    earningRule: Json;
    tier: Json | null;
  },
): Promise<void> {
  const card = a.moved.card;
  const holderId = card.holder_id ?? a.trigger.customer.id;
  const holder =
    (await customersByIds(tx.db, caller.projectId, [holderId])).get(holderId) ?? a.trigger.customer;
  await recordEventFor(tx, caller, CustomerRewardedLoyaltyPoints, a.trigger.customer.id, {
    customer: presentSimpleCustomer(a.trigger.customer),
    holder: presentSimpleCustomer(holder),
    voucher: presentSimpleVoucher(card, a.campaign.name),
    campaign: presentSimpleCampaign(a.campaign),
    loyalty_tier: a.tier,
    earning_rule: a.earningRule,
    balance: cardBalance(card, a.moved.transactionRow.points),
    order: a.trigger.order ? presentOrder(a.trigger.order as OrderRow) : null,
    event: a.event as never,
    // A card published by auto_join has its own publication.succeeded and voucher.published in the same
    // transaction; `PublicationsVoucher` would need distribution metadata (source_type, distribution_id) that
    // an auto-join has none of, so the key stays null, as in Voucherify's published example.
    publication: null,
  });
}

export const ACCRUAL_EVENTS = [CustomerRewardedLoyaltyPoints] as const;
