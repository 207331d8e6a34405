import { iso } from '../platform/clock.js';
import { Type } from '@sinclair/typebox';
import { SimpleCampaignOut, sampleCampaignRow, sampleSimpleCampaign } from '../campaigns/index.js';
import { presentSimpleCustomer, SAMPLE_CUSTOMER_ROW, SimpleCustomerOut } from '../customers/index.js';
import { presentSimpleOrder, SimpleOrderOut, sampleOrderRow } from '../orders/index.js';
import { Nullable } from '../platform/schemas.js';
import { declareEvent, SAMPLE_TIME } from '../webhooks/index.js';
import { presentGiftBalance, presentTransaction } from './voucher-gift.presenter.js';
import type { VoucherTransactionRow } from './voucher-transaction.table.js';
import { presentSimpleVoucher, presentVoucher } from './voucher.presenter.js';
import type { VoucherRow } from './voucher.table.js';
import { SimpleVoucherOut, sampleVoucherRow, VoucherEventOut } from './voucher.events.js';

/* The gift card events: a balance added, and every movement of a card's credits. */

const Opt = Type.Optional;
const Str = Type.String;
const Time = () => Type.String({ format: 'date-time' });
const LATER = SAMPLE_TIME + 60_000;

type Json = Record<string, unknown>;

/** `VouchersBalanceUpdateResponseBody` (`presentGiftBalance`): the card's balance after a movement. */
export const GiftBalanceOut = Type.Unsafe<Json>(
  Type.Object({
    amount: Type.Integer(),
    total: Type.Integer(),
    balance: Type.Integer(),
    type: Type.Literal('gift_voucher'),
    operation_type: Type.Literal('MANUAL'),
    object: Type.Literal('balance'),
    related_object: Type.Object({ type: Type.Literal('voucher'), id: Str() }),
  }),
);

/** `VoucherTransaction` (`presentTransaction`): one movement of a gift card's credits. */
export const GiftTransactionOut = Type.Unsafe<Json>(
  Type.Object({
    id: Str(),
    source_id: Type.Union([Str(), Type.Null()]),
    voucher_id: Str(),
    campaign_id: Type.Union([Str(), Type.Null()]),
    source: Type.Union([Str(), Type.Null()]),
    reason: Type.Union([Str(), Type.Null()]),
    type: Type.Union([
      Type.Literal('CREDITS_ADDITION'),
      Type.Literal('CREDITS_REMOVAL'),
      Type.Literal('CREDITS_REDEMPTION'),
      Type.Literal('CREDITS_REFUND'),
    ]),
    details: Type.Object({
      balance: Type.Object({
        type: Type.Literal('gift_voucher'),
        total: Type.Integer(),
        amount: Type.Integer(),
        object: Type.Literal('balance'),
        balance: Type.Integer(),
        operation_type: Opt(Type.Literal('MANUAL')),
        related_object: Type.Object({ id: Str(), type: Type.Literal('voucher') }),
      }),
      order: Opt(Type.Object({ id: Str(), source_id: Type.Union([Str(), Type.Null()]) })),
      redemption: Opt(Type.Object({ id: Str() })),
      rollback: Opt(Type.Object({ id: Str() })),
    }),
    related_transaction_id: Type.Null(),
    created_at: Time(),
  }),
);

/** The redemption or rollback a credit movement belongs to (`SimpleRedemption`, as redemptions give it). */
const SimpleRedemptionRef = () =>
  Type.Unsafe<Json & { id: string }>(Type.Object({ id: Str() }, { additionalProperties: true }));

/** The gift card of the gift samples: the sample voucher as a card of 100.00, topped up by 25.00. */
const sampleGiftRow = (): VoucherRow => ({
  ...sampleVoucherRow(),
  type: 'GIFT_VOUCHER',
  discount: null,
  gift_amount: 12500,
  gift_subtracted_amount: 0,
  gift_balance: 12500,
  gift_effect: 'APPLY_TO_ORDER',
  updated_at: LATER,
});

const sampleTransactionRow = (patch: Partial<VoucherTransactionRow> = {}): VoucherTransactionRow => ({
  id: 'vtx_sample0000000000000000000',
  project_id: 'proj_sample',
  voucher_id: sampleGiftRow().id,
  seq: 1,
  campaign_id: sampleCampaignRow().id,
  type: 'CREDITS_ADDITION',
  source: 'API',
  source_id: 'sample-top-up',
  reason: 'Sample top-up',
  amount: 2500,
  balance: 12500,
  total: 12500,
  order_id: null,
  order_source_id: null,
  redemption_id: null,
  rollback_id: null,
  created_at: LATER,
  ...patch,
});

export const GiftTransactionCreated = declareEvent(
  'voucher.gift.transaction.created',
  () =>
    Type.Object({
      transaction: GiftTransactionOut,
      voucher: VoucherEventOut,
      campaign: Nullable(SimpleCampaignOut),
      holder: Nullable(SimpleCustomerOut),
      balance: GiftBalanceOut,
      order: Nullable(SimpleOrderOut),
      redemption: Nullable(SimpleRedemptionRef()),
      rollback: Nullable(SimpleRedemptionRef()),
    }),
  () => {
    const order = { ...sampleOrderRow(), customer_id: SAMPLE_CUSTOMER_ROW.id };
    const row = { ...sampleGiftRow(), holder_id: SAMPLE_CUSTOMER_ROW.id, gift_balance: 7500 };
    const t = sampleTransactionRow({
      type: 'CREDITS_REDEMPTION',
      source: null,
      source_id: null,
      reason: null,
      amount: -5000,
      balance: 7500,
      order_id: order.id,
      order_source_id: order.source_id,
      redemption_id: 'r_sample00000000000000000',
    });
    return {
      data: {
        transaction: presentTransaction(t),
        voucher: presentVoucher(row, sampleCampaignRow().name),
        campaign: sampleSimpleCampaign(),
        holder: presentSimpleCustomer(SAMPLE_CUSTOMER_ROW),
        balance: presentGiftBalance(t),
        order: presentSimpleOrder(order),
        redemption: {
          id: 'r_sample00000000000000000',
          customer_id: SAMPLE_CUSTOMER_ROW.id,
          date: iso(LATER),
          amount: 5000,
          result: 'SUCCESS',
          status: 'SUCCEEDED',
          metadata: {},
          object: 'redemption',
        },
        rollback: null,
      },
      entityId: row.id,
    };
  },
);

export const GiftBalanceAdded = declareEvent(
  'voucher.gift.balance_added',
  () =>
    Type.Object({
      voucher: SimpleVoucherOut,
      balance: GiftBalanceOut,
      campaign: Nullable(SimpleCampaignOut),
      transaction: GiftTransactionOut,
    }),
  () => {
    const row = sampleGiftRow();
    const t = sampleTransactionRow();
    return {
      data: {
        voucher: presentSimpleVoucher(row, sampleCampaignRow().name),
        balance: presentGiftBalance(t),
        campaign: sampleSimpleCampaign(),
        transaction: presentTransaction(t),
      },
      entityId: row.id,
    };
  },
);
