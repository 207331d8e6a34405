import { type Static, type TObject, Type } from '@sinclair/typebox';
import { Absent, DocEnum } from '../platform/http/openapi.js';
import {
  DateTimeIn,
  FreeObject,
  ListOut,
  Metadata,
  NullableIn,
  OneOf,
  PageQuery,
} from '../platform/schemas.js';
import {
  CategoryIdDoc,
  DiscountDoc,
  GiftDoc,
  TIMEFRAME_NEEDS_START_DATE,
  ValidityDayOfWeekIn,
  ValidityHoursDoc,
  ValidityHoursIn,
  ValidityTimeframeDoc,
  ValidityTimeframeIn,
  VoucherTemplateDocs,
  VoucherTemplateIn,
} from '../vouchers/index.js';

/**
 * Request and response schemas of the campaigns API, after `api-campaigns.json`. The body schemas check
 * shapes; the rules that depend on the campaign type (which voucher template, which discount) are in
 * `campaign.rules.ts`. Unknown keys are accepted and ignored, as a client may send back what it read.
 */

export const CAMPAIGN_TYPES = [
  'DISCOUNT_COUPONS',
  'GIFT_VOUCHERS',
  'LOYALTY_PROGRAM',
  'PROMOTION',
  'REFERRAL_PROGRAM',
] as const;
export type CampaignType = (typeof CAMPAIGN_TYPES)[number];

/** Largest `vouchers_count` of one request; larger campaigns are grown with several requests. */
export const MAX_VOUCHERS_PER_REQUEST = 1_000_000;

const CommonFieldsIn = {
  description: Type.Optional(NullableIn(Type.String({ maxLength: 5000 }))),
  join_once: Type.Optional(Type.Boolean()),
  auto_join: Type.Optional(Type.Boolean()),
  start_date: Type.Optional(NullableIn(DateTimeIn)),
  expiration_date: Type.Optional(NullableIn(DateTimeIn)),
  validity_timeframe: Type.Optional(NullableIn(ValidityTimeframeIn)),
  validity_day_of_week: Type.Optional(NullableIn(ValidityDayOfWeekIn)),
  validity_hours: Type.Optional(NullableIn(ValidityHoursIn)),
  activity_duration_after_publishing: Type.Optional(NullableIn(Type.String())),
  category: Type.Optional(NullableIn(Type.String({ maxLength: 500 }))),
  category_id: Type.Optional(NullableIn(Type.String())),
  metadata: Type.Optional(NullableIn(Metadata)),
};

export const CampaignCreateIn = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 500 }),
  campaign_type: Type.Optional(OneOf(CAMPAIGN_TYPES)),
  type: Type.Optional(OneOf(['AUTO_UPDATE', 'STATIC'])),
  use_voucher_metadata_schema: Type.Optional(Type.Boolean()),
  vouchers_count: Type.Optional(Type.Integer({ minimum: 0 })),
  active: Type.Optional(Type.Boolean()),
  voucher: Type.Optional(VoucherTemplateIn),
  referral_program: Type.Optional(FreeObject),
  loyalty_tiers_expiration: Type.Optional(FreeObject),
  promotion: Type.Optional(FreeObject),
  // At most one rule, as Voucherify's CampaignsCreateBase says; more are assigned through the assignments API.
  validation_rules: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 600 }), { maxItems: 1 })),
  ...CommonFieldsIn,
});
export type CampaignCreateIn = Static<typeof CampaignCreateIn>;

export const CampaignUpdateIn = Type.Object({
  type: Type.Optional(OneOf(['AUTO_UPDATE', 'STATIC'])),
  unset_metadata_fields: Type.Optional(NullableIn(Type.Array(Type.String()))),
  discount: Type.Optional(FreeObject),
  gift: Type.Optional(FreeObject),
  referral_program: Type.Optional(FreeObject),
  loyalty_tiers_expiration: Type.Optional(FreeObject),
  ...CommonFieldsIn,
});
export type CampaignUpdateIn = Static<typeof CampaignUpdateIn>;

export const CampaignParams = Type.Object({ campaignId: Type.String({ minLength: 1, maxLength: 600 }) });

export const CampaignListQuery = Type.Object({
  ...PageQuery(1000),
  campaign_type: Type.Optional(OneOf(CAMPAIGN_TYPES)),
  order: Type.Optional(OneOf(['created_at', '-created_at', 'updated_at', '-updated_at'])),
});
export type CampaignListQuery = Static<typeof CampaignListQuery>;

export const DeleteQuery = Type.Object({ force: Type.Optional(Type.Boolean()) });

/**
 * The campaign object (`Campaign` in `api-campaigns.json`). Declared without properties so that the
 * serializer keeps the presenter's key order, which follows Voucherify's examples.
 */
export const CampaignOut = Type.Object({}, { additionalProperties: true, description: 'Campaign' });

export const CampaignListOut = ListOut('campaigns', CampaignOut);

/*
 * Documented forms of the request bodies: the rules `campaign.rules.ts` and the services check, stated in
 * the OpenAPI document (see `documentedBody`), so that generated clients send bodies the server accepts.
 */

const CommonFieldsDoc = {
  ...CommonFieldsIn,
  start_date: Type.Optional(NullableIn(DateTimeIn)),
  expiration_date: Type.Optional(
    NullableIn(Type.String({ format: 'date-time', description: 'Not earlier than start_date' })),
  ),
  validity_timeframe: Type.Optional(NullableIn(ValidityTimeframeDoc)),
  validity_hours: Type.Optional(NullableIn(ValidityHoursDoc)),
  category_id: CategoryIdDoc,
};

const campaignTypeIs = (t: CampaignType) => DocEnum([t]);
const NoReferral = Absent('Only REFERRAL_PROGRAM campaigns have a referral_program');

/**
 * campaign_type may be left out when voucher.type names the voucher type: DISCOUNT_VOUCHER means
 * DISCOUNT_COUPONS, GIFT_VOUCHER GIFT_VOUCHERS, LOYALTY_CARD LOYALTY_PROGRAM.
 */
const impliedBy = {
  anyOf: [{ required: ['campaign_type'] }, { properties: { voucher: { required: ['type'] } } }],
};

const ReferralProgramDoc = Type.Object(
  {
    conversion_event_type: Type.Optional(DocEnum(['redemption', 'custom_event'], { nullable: true })),
    custom_event: Type.Optional(
      Type.Object({ id: Type.String({ minLength: 1 }) }, { description: 'Needed for custom_event' }),
    ),
  },
  {
    anyOf: [
      { properties: { conversion_event_type: { type: ['string', 'null'], enum: ['redemption', null] } } },
      { required: ['custom_event'] },
    ],
  },
);

const CAMPAIGN_SHAPES = [
  Type.Object(
    {
      campaign_type: Type.Optional(campaignTypeIs('DISCOUNT_COUPONS')),
      voucher: VoucherTemplateDocs.DISCOUNT_VOUCHER,
      referral_program: NoReferral,
    },
    impliedBy,
  ),
  Type.Object({
    campaign_type: campaignTypeIs('REFERRAL_PROGRAM'),
    voucher: VoucherTemplateDocs.DISCOUNT_VOUCHER,
    referral_program: Type.Optional(ReferralProgramDoc),
  }),
  Type.Object(
    {
      campaign_type: Type.Optional(campaignTypeIs('GIFT_VOUCHERS')),
      voucher: VoucherTemplateDocs.GIFT_VOUCHER,
      referral_program: NoReferral,
    },
    impliedBy,
  ),
  Type.Object(
    {
      campaign_type: Type.Optional(campaignTypeIs('LOYALTY_PROGRAM')),
      voucher: VoucherTemplateDocs.LOYALTY_CARD,
      referral_program: NoReferral,
    },
    impliedBy,
  ),
  Type.Object({
    campaign_type: campaignTypeIs('PROMOTION'),
    voucher: Absent('PROMOTION campaigns have no voucher template; their tiers are the promotions'),
    vouchers_count: Type.Optional(Type.Integer({ maximum: 0 })),
    promotion: Type.Optional(
      Type.Object({
        tiers: Type.Optional(
          NullableIn(
            Type.Array(
              Type.Object(
                {
                  name: Type.String({ minLength: 1, maxLength: 500 }),
                  action: Type.Object({ discount: DiscountDoc }),
                },
                { additionalProperties: true },
              ),
              {
                maxItems: 30,
                description:
                  'Tiers created with the campaign, each as the body of POST /v1/promotions/{campaignId}/tiers',
              },
            ),
          ),
        ),
      }),
    ),
    referral_program: NoReferral,
  }),
];

export const CampaignCreateDoc = Type.Object(
  {
    ...CampaignCreateIn.properties,
    ...CommonFieldsDoc,
    name: Type.String({ minLength: 1, maxLength: 500, description: 'Unique in the project' }),
    campaign_type: Type.Optional(DocEnum(CAMPAIGN_TYPES)),
    type: Type.Optional(DocEnum(['AUTO_UPDATE', 'STATIC'])),
    vouchers_count: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: MAX_VOUCHERS_PER_REQUEST,
        description: 'Vouchers to generate; at most as many as the code_config can make',
      }),
    ),
    voucher: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'See campaign_type' })),
    validation_rules: Type.Optional(
      Type.Array(Type.String({ pattern: '^val_' }), {
        maxItems: 1,
        description:
          'The id of an existing validation rule (val_…), assigned to the campaign with it; an unknown id is 404',
      }),
    ),
    loyalty_tiers_expiration: Type.Optional(FreeObject),
  },
  {
    oneOf: CAMPAIGN_SHAPES,
    anyOf: TIMEFRAME_NEEDS_START_DATE,
    description: 'The voucher template and the fields that go with it depend on campaign_type',
  },
);

/** Documentation only (the body the OpenAPI document shows), so its type needs no more than TObject. */
export const CampaignUpdateDoc: TObject = Type.Object(
  {
    ...CampaignUpdateIn.properties,
    ...CommonFieldsDoc,
    type: Type.Optional(DocEnum(['AUTO_UPDATE', 'STATIC'])),
    discount: Type.Optional({
      ...DiscountDoc,
      description: 'Only for campaigns that issue DISCOUNT_VOUCHER',
    }),
    gift: Type.Optional({ ...GiftDoc, description: 'Only for campaigns that issue GIFT_VOUCHER' }),
    loyalty_tiers_expiration: Type.Optional({
      ...FreeObject,
      description: 'Only for LOYALTY_PROGRAM campaigns',
    }),
  },
  {
    description:
      "The template fields changed are also applied to the campaign's vouchers that are neither published nor redeemed. A validity_timeframe needs a start_date: the request's or the campaign's",
  },
);
