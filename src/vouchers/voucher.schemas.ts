import { type Static, Type } from '@sinclair/typebox';
import {
  CodeConfigIn,
  ValidityDayOfWeekIn,
  ValidityHoursIn,
  ValidityTimeframeIn,
} from './voucher-template.schemas.js';
import { DateTimeIn, FreeObject, Metadata, NullableIn } from '../platform/schemas.js';

/** Request and response schemas of the vouchers API, after `api-vouchers.json`. Unknown keys are ignored. */

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
  validation_rules: Type.Optional(Type.Array(Type.String())),
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
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  page: Type.Integer({ minimum: 1, maximum: 1000, default: 1 }),
  campaign: Type.Optional(Type.String()),
  campaign_id: Type.Optional(Type.String()),
  category: Type.Optional(Type.String()),
  customer: Type.Optional(Type.String()),
  code: Type.Optional(Type.String()),
  order: Type.Optional(
    Type.Union(
      ['created_at', '-created_at', 'updated_at', '-updated_at', 'code', '-code'].map((o) => Type.Literal(o)),
    ),
  ),
});
export type VoucherListQuery = Static<typeof VoucherListQuery>;

/** The voucher object; declared without properties so that the presenter's key order is kept. */
export const VoucherOut = Type.Object({}, { additionalProperties: true, description: 'Voucher' });

export const VoucherListOut = Type.Object({
  object: Type.Literal('list'),
  data_ref: Type.Literal('vouchers'),
  vouchers: Type.Array(VoucherOut),
  total: Type.Integer(),
});

export const AsyncActionIdOut = Type.Object({ async_action_id: Type.String() });
