import { type Static, type TObject, type TSchema, Type } from '@sinclair/typebox';
import {
  CategoryIdDoc,
  CodeConfigDoc,
  CodeConfigIn,
  DiscountDoc,
  GiftDoc,
  LoyaltyCardDoc,
  RedemptionDoc,
  TIMEFRAME_NEEDS_START_DATE,
  ValidityDayOfWeekIn,
  ValidityHoursDoc,
  ValidityHoursIn,
  ValidityTimeframeDoc,
  ValidityTimeframeIn,
} from './voucher-template.schemas.js';
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

/** Request and response schemas of the vouchers API, after `api-vouchers.json`. Unknown keys are ignored. */

const VOUCHER_TYPES = ['DISCOUNT_VOUCHER', 'GIFT_VOUCHER', 'LOYALTY_CARD'] as const;
type VoucherTypeName = (typeof VOUCHER_TYPES)[number];

const VoucherType = Type.Union([
  Type.Literal('DISCOUNT_VOUCHER'),
  Type.Literal('GIFT_VOUCHER'),
  Type.Literal('LOYALTY_CARD'),
]);

const Redemption = Type.Object({ quantity: Type.Optional(NullableIn(Type.Integer())) });

/** Fields a voucher may set on itself, whether created alone, in a campaign, or imported. */
const VoucherFieldsIn = {
  category: Type.Optional(NullableIn(Type.String({ maxLength: 500 }))),
  category_id: Type.Optional(NullableIn(Type.String())),
  start_date: Type.Optional(NullableIn(DateTimeIn)),
  expiration_date: Type.Optional(NullableIn(DateTimeIn)),
  validity_timeframe: Type.Optional(NullableIn(ValidityTimeframeIn)),
  validity_day_of_week: Type.Optional(NullableIn(ValidityDayOfWeekIn)),
  validity_hours: Type.Optional(NullableIn(ValidityHoursIn)),
  active: Type.Optional(Type.Boolean()),
  additional_info: Type.Optional(NullableIn(Type.String({ maxLength: 5000 }))),
  metadata: Type.Optional(NullableIn(Metadata)),
  redemption: Type.Optional(Redemption),
};

export const VoucherCreateIn = Type.Object({
  code: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  type: Type.Optional(VoucherType),
  campaign: Type.Optional(Type.String()),
  campaign_id: Type.Optional(Type.String()),
  discount: Type.Optional(FreeObject),
  gift: Type.Optional(FreeObject),
  loyalty_card: Type.Optional(FreeObject),
  code_config: Type.Optional(CodeConfigIn),
  validation_rules: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 600 }), { maxItems: 100 }),
  ),
  ...VoucherFieldsIn,
});
export type VoucherCreateIn = Static<typeof VoucherCreateIn>;

export const VoucherUpdateIn = Type.Object({
  type: Type.Optional(Type.String()),
  discount: Type.Optional(FreeObject),
  gift: Type.Optional(FreeObject),
  loyalty_card: Type.Optional(FreeObject),
  ...VoucherFieldsIn,
});
export type VoucherUpdateIn = Static<typeof VoucherUpdateIn>;

/** Body of `POST /v1/campaigns/{id}/vouchers` and `…/vouchers/{code}`: overrides of the campaign template. */
export const CampaignVoucherIn = Type.Object({
  code: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  code_config: Type.Optional(CodeConfigIn),
  category: Type.Optional(NullableIn(Type.String({ maxLength: 500 }))),
  metadata: Type.Optional(NullableIn(Metadata)),
  redemption: Type.Optional(Redemption),
  additional_info: Type.Optional(NullableIn(Type.String({ maxLength: 5000 }))),
  start_date: Type.Optional(NullableIn(DateTimeIn)),
  expiration_date: Type.Optional(NullableIn(DateTimeIn)),
});
export type CampaignVoucherIn = Static<typeof CampaignVoucherIn>;

export const ImportItemIn = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 300 }),
  type: Type.Optional(VoucherType),
  discount: Type.Optional(FreeObject),
  gift: Type.Optional(FreeObject),
  loyalty_card: Type.Optional(FreeObject),
  ...VoucherFieldsIn,
});
export type ImportItemIn = Static<typeof ImportItemIn>;

export const ImportIn = Type.Array(ImportItemIn, { minItems: 1, maxItems: 10_000 });

export const VoucherParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 300 }) });
export const CampaignParams = Type.Object({ campaignId: Type.String({ minLength: 1, maxLength: 600 }) });
export const CampaignCodeParams = Type.Object({
  campaignId: Type.String({ minLength: 1, maxLength: 600 }),
  code: Type.String({ minLength: 1, maxLength: 300 }),
});

export const AddVouchersQuery = Type.Object({ vouchers_count: Type.Optional(Type.Integer({ minimum: 1 })) });
export const DeleteQuery = Type.Object({ force: Type.Optional(Type.Boolean()) });

export const VoucherListQuery = Type.Object({
  ...PageQuery(1000),
  campaign: Type.Optional(Type.String()),
  campaign_id: Type.Optional(Type.String()),
  category: Type.Optional(Type.String()),
  customer: Type.Optional(Type.String()),
  code: Type.Optional(Type.String()),
  order: Type.Optional(OneOf(['created_at', '-created_at', 'updated_at', '-updated_at', 'code', '-code'])),
});
export type VoucherListQuery = Static<typeof VoucherListQuery>;

/** The voucher object; declared without properties so that the presenter's key order is kept. */
export const VoucherOut = Type.Object({}, { additionalProperties: true, description: 'Voucher' });

export const VoucherListOut = ListOut('vouchers', VoucherOut);

/*
 * Documented form of a new voucher's body: the rules `voucher.rules.ts` checks, stated in the OpenAPI
 * document (see `documentedBody`).
 */

const NotInCampaign = {
  campaign: Absent('Only a voucher in a campaign names one'),
  campaign_id: Absent('Only a voucher in a campaign names one'),
};

/** Which value field goes with which voucher type; `required` says whether the value must be given. */
const valueFields = (type: VoucherTypeName, required: boolean) => {
  const values = { DISCOUNT_VOUCHER: DiscountDoc, GIFT_VOUCHER: GiftDoc, LOYALTY_CARD: LoyaltyCardDoc };
  const fields = {
    DISCOUNT_VOUCHER: 'discount',
    GIFT_VOUCHER: 'gift',
    LOYALTY_CARD: 'loyalty_card',
  } as const;
  const out: Record<string, TSchema> = {};
  for (const t of VOUCHER_TYPES) {
    const f = fields[t];
    out[f] =
      t === type
        ? required
          ? values[t]
          : Type.Optional(values[t])
        : Absent(`Only ${t} vouchers have a ${f}`);
  }
  return out;
};

const STANDALONE_SHAPES = [
  Type.Object(
    {
      type: Type.Optional(DocEnum(['DISCOUNT_VOUCHER'])),
      ...valueFields('DISCOUNT_VOUCHER', true),
      ...NotInCampaign,
    },
    { description: 'A discount voucher (the default type)' },
  ),
  Type.Object({ type: DocEnum(['GIFT_VOUCHER']), ...valueFields('GIFT_VOUCHER', true), ...NotInCampaign }),
  Type.Object({ type: DocEnum(['LOYALTY_CARD']), ...valueFields('LOYALTY_CARD', false), ...NotInCampaign }),
];

const IN_CAMPAIGN = Type.Object(
  {},
  {
    allOf: [
      { anyOf: [{ required: ['campaign'] }, { required: ['campaign_id'] }] },
      {
        anyOf: VOUCHER_TYPES.map((t) =>
          Type.Object({ type: Type.Optional(DocEnum([t])), ...valueFields(t, false) }),
        ),
      },
    ],
    description:
      "A voucher in a campaign that issues vouchers (not a PROMOTION): type and value fields must fit the campaign's voucher type, and what is left out comes from the campaign's template",
  },
);

/** The fields a voucher may set on itself, as documented. */
const VoucherFieldsDoc = {
  ...VoucherFieldsIn,
  category_id: CategoryIdDoc,
  expiration_date: Type.Optional(
    NullableIn(
      Type.String({
        format: 'date-time',
        description: "Not earlier than start_date (the request's, the voucher's or the campaign's)",
      }),
    ),
  ),
  validity_timeframe: Type.Optional(NullableIn(ValidityTimeframeDoc)),
  validity_hours: Type.Optional(NullableIn(ValidityHoursDoc)),
  redemption: Type.Optional(RedemptionDoc),
};

const CodeDoc = Type.String({ minLength: 1, maxLength: 300, description: 'Unique in the project' });

export const VoucherCreateDoc = Type.Object(
  {
    ...VoucherCreateIn.properties,
    ...VoucherFieldsDoc,
    code: Type.Optional(CodeDoc),
    type: Type.Optional(DocEnum(VOUCHER_TYPES)),
    campaign: Type.Optional(Type.String({ description: 'Id or name of an existing campaign' })),
    campaign_id: Type.Optional(
      Type.String({ description: 'Id or name of an existing campaign; wins over campaign' }),
    ),
    code_config: Type.Optional(CodeConfigDoc),
    validation_rules: Type.Optional(
      Type.Array(Type.String({ pattern: '^val_' }), {
        maxItems: 100,
        uniqueItems: true,
        description:
          'Ids of existing validation rules (val_…), assigned to the voucher with it; an unknown id is 404',
      }),
    ),
  },
  { oneOf: [...STANDALONE_SHAPES, IN_CAMPAIGN], anyOf: TIMEFRAME_NEEDS_START_DATE },
);

/** Documentation only (the body the OpenAPI document shows), so its type needs no more than TObject. */
export const VoucherUpdateDoc: TObject = Type.Object(
  {
    ...VoucherFieldsDoc,
    type: Type.Optional(DocEnum(VOUCHER_TYPES, { description: "The voucher's type, which cannot change" })),
    discount: Type.Optional({ ...DiscountDoc, description: 'Only for DISCOUNT_VOUCHER vouchers' }),
    gift: Type.Optional({
      ...GiftDoc,
      description: 'Only for GIFT_VOUCHER vouchers; the balance moves by the change',
    }),
    loyalty_card: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'Ignored' })),
  },
  { description: "A validity_timeframe needs a start_date: the request's or the voucher's" },
);

/** Documentation only (the body the OpenAPI document shows), so its type needs no more than TObject. */
export const CampaignVoucherDoc: TObject = Type.Object(
  {
    ...CampaignVoucherIn.properties,
    code: Type.Optional({ ...CodeDoc, description: 'Unique in the project; only with vouchers_count 1' }),
    code_config: Type.Optional(CodeConfigDoc),
    redemption: Type.Optional(RedemptionDoc),
    expiration_date: VoucherFieldsDoc.expiration_date,
  },
  { description: "Overrides of the campaign's template, which must issue vouchers (not a PROMOTION)" },
);

export const ImportDoc = Type.Array(
  Type.Object(
    { ...ImportItemIn.properties, ...VoucherFieldsDoc, code: CodeDoc },
    {
      allOf: [
        {
          anyOf: VOUCHER_TYPES.map((t) =>
            Type.Object({ type: Type.Optional(DocEnum([t])), ...valueFields(t, false) }),
          ),
        },
        { anyOf: TIMEFRAME_NEEDS_START_DATE },
      ],
      description: "A voucher of the campaign: type and value fields must fit the campaign's voucher type",
    },
  ),
  { minItems: 1, maxItems: 10_000 },
);
