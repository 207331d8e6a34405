import { Type } from '@sinclair/typebox';
import { sampleCampaignRow, sampleSimpleCampaign, SimpleCampaignOut } from '../campaigns/index.js';
import { presentSimpleCustomer, SAMPLE_CUSTOMER_ROW, SimpleCustomerOut } from '../customers/index.js';
import { SimpleOrderOut } from '../orders/index.js';
import { FreeObject, Nullable } from '../platform/schemas.js';
import {
  presentSimpleVoucher,
  presentVoucher,
  SimpleVoucherOut,
  sampleVoucherRow,
  type VoucherRow,
  VoucherEventOut,
} from '../vouchers/index.js';
import { declareEvent, SAMPLE_TIME } from '../webhooks/index.js';
import {
  presentBucket,
  presentLoyaltyBalance,
  presentLoyaltyTransaction,
  presentTier,
} from './loyalty.presenter.js';
import type { LoyaltyPointBucketRow, LoyaltyTierRow, LoyaltyTransactionRow } from './loyalty.table.js';

/*
 * The loyalty events: points added, expired and every movement of a card's points, and the tiers of a
 * program; with the schemas of the loyalty objects they carry, key for key as the presenters write them.
 */

type Json = Record<string, unknown>;
const Opt = Type.Optional;
const Str = Type.String;
const Int = Type.Integer;
const Time = () => Type.String({ format: 'date-time' });
const StrOrNull = () => Type.Union([Str(), Type.Null()]);

/** `LoyaltiesMembersBalanceUpdateResponseBody` (`presentLoyaltyBalance`). */
export const LoyaltyBalanceOut = Type.Unsafe<Json>(
  Type.Object({
    points: Int(),
    total: Int(),
    balance: Int(),
    type: Type.Literal('loyalty_card'),
    object: Type.Literal('balance'),
    related_object: Type.Object({ type: Type.Literal('voucher'), id: Str() }),
  }),
);

/** `VoucherTransaction` of a loyalty card (`presentLoyaltyTransaction`). */
export const LoyaltyTransactionOut = Type.Unsafe<Json>(
  Type.Object({
    id: Str(),
    source_id: StrOrNull(),
    voucher_id: Str(),
    campaign_id: StrOrNull(),
    source: StrOrNull(),
    reason: StrOrNull(),
    type: Type.Union(
      [
        'POINTS_ACCRUAL',
        'POINTS_ADDITION',
        'POINTS_REMOVAL',
        'POINTS_REDEMPTION',
        'POINTS_REFUND',
        'POINTS_EXPIRATION',
        'POINTS_TRANSFER_IN',
        'POINTS_TRANSFER_OUT',
        'PENDING_POINTS_ACTIVATION',
      ].map((t) => Type.Literal(t)),
    ),
    details: Type.Object(
      {
        balance: Type.Object({
          type: Type.Literal('loyalty_card'),
          total: Int(),
          object: Type.Literal('balance'),
          points: Int(),
          balance: Int(),
          operation_type: Type.Union([Type.Literal('MANUAL'), Type.Literal('AUTOMATIC')]),
          related_object: Type.Object({ id: Str(), type: Type.Literal('voucher') }),
        }),
      },
      { additionalProperties: true },
    ),
    related_transaction_id: StrOrNull(),
    created_at: Time(),
  }),
);

/** `LoyaltyPointsBucket` (`presentBucket`). */
export const BucketOut = Type.Unsafe<Json>(
  Type.Object({
    id: Str(),
    voucher_id: Str(),
    campaign_id: StrOrNull(),
    bucket: Type.Object({ total_points: Int() }),
    status: Str(),
    expires_at: Opt(Type.String({ format: 'date' })),
    created_at: Time(),
    updated_at: Opt(Time()),
    object: Type.Literal('loyalty_points_bucket'),
  }),
);

const Points = () => Type.Object({ from: Int(), to: Opt(Int()) });

/** `LoyaltyTier` (`presentTier`). */
export const LoyaltyTierOut = Type.Unsafe<Json>(
  Type.Object({
    id: Str(),
    name: Str(),
    campaign_id: Str(),
    metadata: FreeObject,
    created_at: Time(),
    updated_at: Type.Union([Time(), Type.Null()]),
    earning_rules: FreeObject,
    rewards: FreeObject,
    config: Type.Object({ points: Points() }),
    points: Points(),
    expiration: Opt(FreeObject),
    object: Type.Literal('loyalty_tier'),
  }),
);

const LATER = SAMPLE_TIME + 60_000;

/** The loyalty card of the loyalty samples: the sample voucher as a card held by the sample customer. */
export const sampleCardRow = (): VoucherRow => ({
  ...sampleVoucherRow(),
  type: 'LOYALTY_CARD',
  discount: null,
  redemption_quantity: null,
  loyalty_points: 150,
  loyalty_balance: 150,
  loyalty_pending_points: 0,
  loyalty_expired_points: 0,
  loyalty_subtracted_points: 0,
  holder_id: SAMPLE_CUSTOMER_ROW.id,
  publish_count: 1,
  updated_at: LATER,
});

export const sampleTierRow = (): LoyaltyTierRow => ({
  id: 'ltr_sample0000000000000000',
  project_id: 'proj_sample',
  campaign_id: sampleCampaignRow().id,
  name: 'Silver',
  points_from: 100,
  points_to: 499,
  earning_rules: '{}',
  rewards: '{}',
  metadata: '{}',
  created_at: SAMPLE_TIME,
  updated_at: null,
});

const sampleTransactionRow = (patch: Partial<LoyaltyTransactionRow> = {}): LoyaltyTransactionRow => ({
  id: 'vtx_sample0000000000000001',
  project_id: 'proj_sample',
  voucher_id: sampleCardRow().id,
  seq: 1,
  campaign_id: sampleCampaignRow().id,
  type: 'POINTS_ADDITION',
  source: 'API',
  source_id: 'sample-addition',
  reason: 'Sample addition',
  points: 50,
  balance: 150,
  total: 150,
  details: '{}',
  related_transaction_id: null,
  created_at: LATER,
  ...patch,
});

const sampleBucketRow = (): LoyaltyPointBucketRow => ({
  id: 'lopb_sample000000000000000',
  project_id: 'proj_sample',
  campaign_id: sampleCampaignRow().id,
  voucher_id: sampleCardRow().id,
  total_points: 50,
  points: 50,
  status: 'EXPIRED',
  expires_at: Date.UTC(2024, 0, 31),
  request_id: null,
  created_at: SAMPLE_TIME,
  updated_at: LATER,
});

export const PointsAdded = declareEvent(
  'voucher.loyalty_card.points_added',
  () =>
    Type.Object({
      voucher: SimpleVoucherOut,
      balance: LoyaltyBalanceOut,
      campaign: Nullable(SimpleCampaignOut),
      customer: Nullable(SimpleCustomerOut),
      transaction: LoyaltyTransactionOut,
    }),
  () => {
    const row = sampleCardRow();
    const t = sampleTransactionRow();
    return {
      data: {
        voucher: presentSimpleVoucher(row, sampleCampaignRow().name),
        balance: presentLoyaltyBalance(t),
        campaign: sampleSimpleCampaign(),
        customer: presentSimpleCustomer(SAMPLE_CUSTOMER_ROW),
        transaction: presentLoyaltyTransaction(t),
      },
      entityId: row.id,
    };
  },
);

export const PointsExpired = declareEvent(
  'voucher.loyalty_card.points_expired',
  () =>
    Type.Object({
      voucher: SimpleVoucherOut,
      points: Int(),
      campaign: Nullable(SimpleCampaignOut),
      customer: Nullable(SimpleCustomerOut),
      buckets: BucketOut,
      transaction: LoyaltyTransactionOut,
    }),
  () => {
    const row = { ...sampleCardRow(), loyalty_balance: 100, loyalty_expired_points: 50 };
    const t = sampleTransactionRow({
      type: 'POINTS_EXPIRATION',
      source: null,
      source_id: null,
      reason: null,
      points: -50,
      balance: 100,
    });
    return {
      data: {
        voucher: presentSimpleVoucher(row, sampleCampaignRow().name),
        points: 50,
        campaign: sampleSimpleCampaign(),
        customer: presentSimpleCustomer(SAMPLE_CUSTOMER_ROW),
        buckets: presentBucket(sampleBucketRow()),
        transaction: presentLoyaltyTransaction(t),
      },
      entityId: row.id,
    };
  },
);

const NullObject = () => Nullable(FreeObject);

export const LoyaltyTransactionCreated = declareEvent(
  'voucher.loyalty_card.transaction.created',
  () =>
    Type.Object({
      transaction: LoyaltyTransactionOut,
      voucher: VoucherEventOut,
      campaign: Nullable(SimpleCampaignOut),
      holder: Nullable(SimpleCustomerOut),
      holder_loyalty_tier: Nullable(LoyaltyTierOut),
      balance: LoyaltyBalanceOut,
      order: Nullable(SimpleOrderOut),
      event: NullObject(),
      earning_rule: NullObject(),
      segment: NullObject(),
      loyalty_tier: Nullable(LoyaltyTierOut),
      redemption: NullObject(),
      rollback: NullObject(),
      reward: NullObject(),
      custom_event: NullObject(),
      source_voucher: Nullable(SimpleVoucherOut),
      destination_voucher: Nullable(SimpleVoucherOut),
    }),
  () => {
    const row = sampleCardRow();
    const t = sampleTransactionRow();
    return {
      data: {
        transaction: presentLoyaltyTransaction(t),
        voucher: presentVoucher(row, sampleCampaignRow().name),
        campaign: sampleSimpleCampaign(),
        holder: presentSimpleCustomer(SAMPLE_CUSTOMER_ROW),
        holder_loyalty_tier: presentTier(sampleTierRow()),
        balance: presentLoyaltyBalance(t),
        order: null,
        event: null,
        earning_rule: null,
        segment: null,
        loyalty_tier: null,
        redemption: null,
        rollback: null,
        reward: null,
        custom_event: null,
        source_voucher: null,
        destination_voucher: null,
      },
      entityId: row.id,
    };
  },
);

const TierData = () => Type.Object({ campaign: SimpleCampaignOut, loyalty_tier: LoyaltyTierOut });
const tierSample = (patch: Partial<LoyaltyTierRow>) => ({
  data: {
    campaign: sampleSimpleCampaign(),
    loyalty_tier: presentTier({ ...sampleTierRow(), ...patch }),
  },
  entityId: sampleTierRow().id,
});

export const TierCreated = declareEvent('campaign.loyalty_tier.created', TierData, () => tierSample({}));
export const TierUpdated = declareEvent('campaign.loyalty_tier.updated', TierData, () =>
  tierSample({ name: 'Silver plus', updated_at: LATER }),
);
export const TierDeleted = declareEvent('campaign.loyalty_tier.deleted', TierData, () => tierSample({}));

/** Every event type the loyalties context fires. */
export const LOYALTY_EVENTS = [
  PointsAdded,
  PointsExpired,
  LoyaltyTransactionCreated,
  TierCreated,
  TierUpdated,
  TierDeleted,
] as const;
