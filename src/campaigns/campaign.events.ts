import { Type } from '@sinclair/typebox';
import { FreeObject } from '../platform/schemas.js';
import { normaliseCodeConfig } from '../vouchers/index.js';
import { declareEvent, SAMPLE_TIME } from '../webhooks/index.js';
import { type CampaignJson, presentCampaign, presentSimpleCampaign } from './campaign.presenter.js';
import type { CampaignRow } from './campaign.table.js';

/*
 * The campaign events and the schemas of the two campaign objects events carry, key for key as the
 * presenters write them (optional where the presenter leaves a key out when it has no value). The static
 * type stays the presenters' `CampaignJson`; the schemas are checked against real deliveries by the tests.
 */

const Opt = Type.Optional;
const Str = Type.String;
const Time = () => Type.String({ format: 'date-time' });
const CampaignType = Type.Union(
  ['DISCOUNT_COUPONS', 'GIFT_VOUCHERS', 'LOYALTY_PROGRAM', 'PROMOTION', 'REFERRAL_PROGRAM'].map((t) =>
    Type.Literal(t),
  ),
);
const Status = Type.Union(['DONE', 'IN_PROGRESS', 'FAILED'].map((t) => Type.Literal(t)));

/** The campaign object (`presentCampaign`), as campaign.* events carry it. */
export const CampaignEventOut = Type.Unsafe<CampaignJson>(
  Type.Object({
    id: Str(),
    name: Str(),
    description: Opt(Str()),
    campaign_type: CampaignType,
    type: Type.Union([Type.Literal('AUTO_UPDATE'), Type.Literal('STATIC')]),
    voucher: Opt(FreeObject),
    auto_join: Type.Boolean(),
    join_once: Type.Boolean(),
    use_voucher_metadata_schema: Type.Boolean(),
    validity_timeframe: Opt(FreeObject),
    validity_day_of_week: Opt(Type.Array(Type.Integer())),
    validity_hours: Opt(FreeObject),
    activity_duration_after_publishing: Opt(Str()),
    vouchers_count: Type.Integer(),
    start_date: Opt(Time()),
    expiration_date: Opt(Time()),
    active: Type.Boolean(),
    metadata: FreeObject,
    created_at: Time(),
    updated_at: Opt(Time()),
    category: Opt(Str()),
    creation_status: Status,
    vouchers_generation_status: Status,
    protected: Type.Boolean(),
    category_id: Type.Null(),
    categories: Type.Array(FreeObject),
    object: Type.Literal('campaign'),
    referral_program: Opt(FreeObject),
    loyalty_tiers_expiration: Opt(FreeObject),
    promotion: Opt(FreeObject),
    validation_rules_assignments: FreeObject,
  }),
);

/** `SimpleCampaign` (`presentSimpleCampaign`): the campaign as voucher, generation and publication events carry it. */
export const SimpleCampaignOut = Type.Unsafe<CampaignJson>(
  Type.Object({
    id: Str(),
    name: Str(),
    campaign_type: CampaignType,
    type: Type.Union([Type.Literal('AUTO_UPDATE'), Type.Literal('STATIC')]),
    is_referral_code: Type.Boolean(),
    voucher: Opt(FreeObject),
    referral_program: Opt(FreeObject),
    auto_join: Type.Boolean(),
    join_once: Type.Boolean(),
    active: Type.Boolean(),
    category_id: Type.Null(),
    category: Opt(Str()),
    categories: Type.Array(FreeObject),
    metadata: FreeObject,
    start_date: Opt(Time()),
    expiration_date: Opt(Time()),
    description: Opt(Str()),
    created_at: Time(),
    updated_at: Opt(Time()),
    object: Type.Literal('campaign'),
  }),
);

/** The campaign of every campaign sample: a discount-coupons campaign as the repository stores it. */
export const sampleCampaignRow = (): CampaignRow => ({
  id: 'camp_sample0000000000000000',
  project_id: 'proj_sample',
  name: 'Sample campaign',
  description: 'Ten percent off, for samples',
  campaign_type: 'DISCOUNT_COUPONS',
  type: 'AUTO_UPDATE',
  voucher: JSON.stringify({
    type: 'DISCOUNT_VOUCHER',
    discount: { type: 'PERCENT', percent_off: 10 },
    redemption: { quantity: 1 },
    code_config: normaliseCodeConfig({ pattern: 'SAMPLE-########' }),
    is_referral_code: false,
  }),
  auto_join: 0,
  join_once: 0,
  use_voucher_metadata_schema: 1,
  start_date: null,
  expiration_date: null,
  validity_timeframe: null,
  validity_day_of_week: null,
  validity_hours: null,
  activity_duration_after_publishing: null,
  vouchers_count: 1,
  active: 1,
  metadata: '{}',
  category: null,
  creation_status: 'DONE',
  vouchers_generation_status: 'DONE',
  referral_program: null,
  loyalty_tiers_expiration: null,
  created_at: SAMPLE_TIME,
  updated_at: null,
  deleted_at: null,
  purging: 0,
});

/** The sample campaign as voucher and publication samples carry it. */
export const sampleSimpleCampaign = () => presentSimpleCampaign(sampleCampaignRow());

const LATER = SAMPLE_TIME + 60_000;
const updated = () => ({ ...sampleCampaignRow(), updated_at: LATER });
const main = (row: CampaignRow) => ({ data: { campaign: presentCampaign(row) }, entityId: row.id });
const iso = (ms: number) => new Date(ms).toISOString();
const WithCampaign = () => Type.Object({ campaign: CampaignEventOut });

export const CampaignCreated = declareEvent(
  'campaign.created',
  () => Type.Object({ campaign: CampaignEventOut, created_at: Time() }),
  () => ({
    data: { campaign: presentCampaign(sampleCampaignRow()), created_at: iso(SAMPLE_TIME) },
    entityId: sampleCampaignRow().id,
  }),
);

export const CampaignUpdated = declareEvent('campaign.updated', WithCampaign, () => main(updated()));

export const CampaignEnabled = declareEvent('campaign.enabled', WithCampaign, () => main(updated()));

export const CampaignDisabled = declareEvent('campaign.disabled', WithCampaign, () =>
  main({ ...updated(), active: 0 }),
);

export const CampaignDeleted = declareEvent(
  'campaign.deleted',
  () => Type.Object({ campaign: CampaignEventOut, deleted_at: Time() }),
  () => ({
    data: { campaign: presentCampaign(sampleCampaignRow()), deleted_at: iso(LATER) },
    entityId: sampleCampaignRow().id,
  }),
);

/** Every event type the campaigns context fires. */
export const CAMPAIGN_EVENTS = [
  CampaignCreated,
  CampaignUpdated,
  CampaignEnabled,
  CampaignDisabled,
  CampaignDeleted,
] as const;
