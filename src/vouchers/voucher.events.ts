import { iso } from '../platform/clock.js';
import { Type } from '@sinclair/typebox';
import { sampleCampaignRow, sampleSimpleCampaign, SimpleCampaignOut } from '../campaigns/index.js';
import { FreeObject } from '../platform/schemas.js';
import { declareEvent, SAMPLE_TIME } from '../webhooks/index.js';
import { presentVoucher, type VoucherJson } from './voucher.presenter.js';
import type { VoucherRow } from './voucher.table.js';

/*
 * The voucher events and the generation events of campaigns (recorded by the vouchers context, which
 * makes the codes), with the schemas of the two voucher objects events carry, key for key as the
 * presenters write them. The static type stays the presenters' `VoucherJson`.
 */

const Opt = Type.Optional;
const Str = Type.String;
const Time = () => Type.String({ format: 'date-time' });
const VoucherType = Type.Union([
  Type.Literal('DISCOUNT_VOUCHER'),
  Type.Literal('GIFT_VOUCHER'),
  Type.Literal('LOYALTY_CARD'),
]);
const Gift = Type.Object({
  amount: Type.Integer(),
  subtracted_amount: Opt(Type.Integer()),
  balance: Type.Integer(),
  effect: Opt(Str()),
});
const LoyaltyCard = Type.Object({
  points: Type.Integer(),
  balance: Type.Integer(),
  pending_points: Type.Integer(),
  expired_points: Type.Integer(),
  subtracted_points: Type.Integer(),
});

/** The voucher object (`presentVoucher`, with its rule assignments), as voucher.* events carry it. */
export const VoucherEventOut = Type.Unsafe<VoucherJson>(
  Type.Object({
    id: Str(),
    code: Str(),
    campaign: Opt(Str()),
    campaign_id: Opt(Str()),
    category: Opt(Str()),
    categories: Type.Array(FreeObject),
    type: VoucherType,
    discount: Opt(FreeObject),
    gift: Opt(Gift),
    loyalty_card: Opt(LoyaltyCard),
    start_date: Opt(Time()),
    expiration_date: Opt(Time()),
    validity_timeframe: Opt(FreeObject),
    validity_day_of_week: Opt(Type.Array(Type.Integer())),
    validity_hours: Opt(FreeObject),
    active: Type.Boolean(),
    additional_info: Opt(Str()),
    metadata: FreeObject,
    assets: Type.Object({
      qr: Type.Object({ id: Str(), url: Str() }),
      barcode: Opt(Type.Object({ id: Str(), url: Str() })),
    }),
    is_referral_code: Type.Boolean(),
    created_at: Time(),
    updated_at: Opt(Time()),
    holder_id: Opt(Str()),
    referrer_id: Opt(Str()),
    validation_rules_assignments: Type.Object({
      object: Type.Literal('list'),
      data_ref: Type.Literal('data'),
      data: Type.Array(FreeObject),
      total: Type.Integer(),
    }),
    redemption: Type.Object({
      quantity: Opt(Type.Integer()),
      redeemed_quantity: Type.Integer(),
      redeemed_amount: Opt(Type.Integer()),
      redeemed_points: Opt(Type.Integer()),
      object: Type.Literal('list'),
      url: Str(),
    }),
    publish: Type.Object({ object: Type.Literal('list'), count: Type.Integer(), url: Str() }),
    object: Type.Literal('voucher'),
  }),
);

/** `SimpleVoucher` (`presentSimpleVoucher`): the voucher as publication events carry it. */
export const SimpleVoucherOut = Type.Unsafe<VoucherJson>(
  Type.Object({
    id: Str(),
    code: Str(),
    gift: Opt(Gift),
    discount: Opt(FreeObject),
    loyalty_card: Opt(LoyaltyCard),
    type: VoucherType,
    campaign: Opt(Str()),
    campaign_id: Opt(Str()),
    is_referral_code: Type.Boolean(),
    holder_id: Opt(Str()),
    referrer_id: Opt(Str()),
    category_id: Type.Null(),
    categories: Type.Array(FreeObject),
    active: Type.Boolean(),
    created_at: Time(),
    updated_at: Opt(Time()),
    redemption: Type.Object({
      quantity: Type.Union([Type.Integer(), Type.Null()]),
      redeemed_quantity: Type.Integer(),
    }),
    start_date: Opt(Time()),
    expiration_date: Opt(Time()),
    metadata: FreeObject,
    object: Type.Literal('voucher'),
  }),
);

/** The voucher of every voucher sample: a code of the sample campaign, as the repository stores it. */
export const sampleVoucherRow = (): VoucherRow => ({
  id: 'v_sample0000000000000000000000000',
  project_id: 'proj_sample',
  code: 'SAMPLE-4F7K2Q9D',
  campaign_id: sampleCampaignRow().id,
  category: null,
  type: 'DISCOUNT_VOUCHER',
  discount: JSON.stringify({ type: 'PERCENT', percent_off: 10 }),
  gift_amount: null,
  gift_subtracted_amount: null,
  gift_balance: null,
  gift_effect: null,
  loyalty_points: null,
  loyalty_balance: null,
  loyalty_pending_points: null,
  loyalty_expired_points: null,
  loyalty_subtracted_points: null,
  start_date: null,
  expiration_date: null,
  validity_timeframe: null,
  validity_day_of_week: null,
  validity_hours: null,
  active: 1,
  additional_info: null,
  metadata: '{}',
  is_referral_code: 0,
  holder_id: null,
  referrer_id: null,
  redemption_quantity: 1,
  redeemed_quantity: 0,
  redeemed_amount: 0,
  redeemed_points: 0,
  publish_count: 0,
  created_at: SAMPLE_TIME,
  updated_at: null,
  deleted_at: null,
});

const LATER = SAMPLE_TIME + 60_000;
const VoucherData = () => Type.Object({ voucher: VoucherEventOut, campaign: Opt(SimpleCampaignOut) });
const voucherSample = (patch: Partial<VoucherRow>) => {
  const row = { ...sampleVoucherRow(), ...patch };
  return {
    data: { voucher: presentVoucher(row, sampleCampaignRow().name), campaign: sampleSimpleCampaign() },
    entityId: row.id,
  };
};

export const VoucherCreated = declareEvent('voucher.created', VoucherData, () => voucherSample({}));
export const VoucherUpdated = declareEvent('voucher.updated', VoucherData, () =>
  voucherSample({ updated_at: LATER, metadata: '{"note":"updated"}' }),
);
export const VoucherEnabled = declareEvent('voucher.enabled', VoucherData, () =>
  voucherSample({ updated_at: LATER }),
);
export const VoucherDisabled = declareEvent('voucher.disabled', VoucherData, () =>
  voucherSample({ updated_at: LATER, active: 0 }),
);
export const VoucherDeleted = declareEvent('voucher.deleted', VoucherData, () => voucherSample({}));

const campaignId = () => sampleCampaignRow().id;

export const CampaignVouchersAdded = declareEvent(
  'campaign.vouchers.added',
  () =>
    Type.Object({
      campaign: SimpleCampaignOut,
      count: Type.Integer(),
      completed_at: Time(),
      async_action_id: Type.Union([Type.String(), Type.Null()]),
    }),
  () => ({
    data: {
      campaign: sampleSimpleCampaign(),
      count: 1,
      completed_at: iso(LATER),
      async_action_id: 'aa_sample00000000000000000',
    },
    entityId: campaignId(),
  }),
);

export const GenerationStarted = declareEvent(
  'campaign.vouchers.generation.started',
  () => Type.Object({ campaign: SimpleCampaignOut, count: Type.Integer(), started_at: Time() }),
  () => ({
    data: { campaign: sampleSimpleCampaign(), count: 1, started_at: iso(SAMPLE_TIME) },
    entityId: campaignId(),
  }),
);

export const GenerationCompleted = declareEvent(
  'campaign.vouchers.generation.completed',
  () => Type.Object({ campaign: SimpleCampaignOut, count: Type.Integer(), completed_at: Time() }),
  () => ({
    data: { campaign: sampleSimpleCampaign(), count: 1, completed_at: iso(LATER) },
    entityId: campaignId(),
  }),
);

export const GenerationFailed = declareEvent(
  'campaign.vouchers.generation.failed',
  () =>
    Type.Object({
      campaign: SimpleCampaignOut,
      count: Type.Integer(),
      done_count: Type.Integer(),
      failed_at: Time(),
      error: Type.Object({ message: Str() }),
    }),
  () => ({
    data: {
      campaign: sampleSimpleCampaign(),
      count: 10,
      done_count: 1,
      failed_at: iso(LATER),
      error: { message: 'The code space of the campaign has too few free codes left.' },
    },
    entityId: campaignId(),
  }),
);
