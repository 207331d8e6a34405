import { type CampaignRow, campaignTemplate } from '../campaigns/index.js';
import {
  checkDateOrder,
  checkValidity,
  jsonOrNull,
  normaliseDiscount,
  normaliseGift,
  normaliseLoyaltyCard,
  normaliseQuantity,
  parseDate,
  type VoucherType,
} from './voucher-template.js';
import { invalidPayload, notFound } from '../platform/errors.js';
import type { ImportItemIn } from './voucher.schemas.js';
import { typeMismatch } from './voucher.errors.js';
import type { VoucherRow } from './voucher.table.js';

/** What a request may say about a new voucher; anything left out comes from the campaign's template. */
export type VoucherFieldsIn = Omit<ImportItemIn, 'code' | 'type'> & { type?: string };

/** A new voucher's stored columns except id and code, checked: the prototype every generated code copies. */
export type VoucherPrototype = Omit<VoucherRow, 'id' | 'code'>;

function typeOf(input: VoucherFieldsIn, templateType: VoucherType | undefined): VoucherType {
  const type = (input.type ?? templateType ?? 'DISCOUNT_VOUCHER') as VoucherType;
  if (!['DISCOUNT_VOUCHER', 'GIFT_VOUCHER', 'LOYALTY_CARD'].includes(type))
    throw invalidPayload('type must be one of DISCOUNT_VOUCHER, GIFT_VOUCHER, LOYALTY_CARD');
  if (templateType && type !== templateType) throw typeMismatch(templateType, type);
  return type;
}

function valueColumns(type: VoucherType, input: VoucherFieldsIn, campaign: CampaignRow | null) {
  const t = campaign ? campaignTemplate(campaign) : null;
  if (type !== 'DISCOUNT_VOUCHER' && input.discount)
    throw invalidPayload(`${type} vouchers have no discount`);
  if (type !== 'GIFT_VOUCHER' && input.gift) throw invalidPayload(`${type} vouchers have no gift`);
  if (type !== 'LOYALTY_CARD' && input.loyalty_card)
    throw invalidPayload(`${type} vouchers have no loyalty_card`);
  const discount = input.discount ? normaliseDiscount(input.discount) : t?.discount;
  if (type === 'DISCOUNT_VOUCHER' && !discount)
    throw invalidPayload('discount is required for DISCOUNT_VOUCHER');
  const gift = input.gift ? normaliseGift(input.gift) : t?.gift;
  if (type === 'GIFT_VOUCHER' && !gift) throw invalidPayload('gift is required for GIFT_VOUCHER');
  const card = input.loyalty_card
    ? normaliseLoyaltyCard(input.loyalty_card)
    : (t?.loyalty_card ?? { points: 0 });
  const isCard = type === 'LOYALTY_CARD';
  return {
    discount: type === 'DISCOUNT_VOUCHER' ? JSON.stringify(discount) : null,
    gift_amount: gift ? gift.amount : null,
    gift_subtracted_amount: gift ? 0 : null,
    gift_balance: gift ? gift.amount : null,
    gift_effect: gift?.effect ?? null,
    loyalty_points: isCard ? card.points : null,
    loyalty_balance: isCard ? card.points : null,
    loyalty_pending_points: isCard ? 0 : null,
    loyalty_expired_points: isCard ? 0 : null,
    loyalty_subtracted_points: isCard ? 0 : null,
  };
}

/** Dates and validity windows: the request's, or else the campaign's. */
export function scheduleColumns(input: VoucherFieldsIn, campaign: CampaignRow | null) {
  const given = <K extends keyof VoucherFieldsIn>(k: K) => input[k] !== undefined;
  const start = given('start_date')
    ? parseDate(input.start_date, 'start_date')!
    : (campaign?.start_date ?? null);
  const end = given('expiration_date')
    ? parseDate(input.expiration_date, 'expiration_date')!
    : (campaign?.expiration_date ?? null);
  checkDateOrder(start ?? null, end ?? null);
  const out = {
    start_date: start ?? null,
    expiration_date: end ?? null,
    validity_timeframe: given('validity_timeframe')
      ? jsonOrNull(input.validity_timeframe)
      : (campaign?.validity_timeframe ?? null),
    validity_day_of_week: given('validity_day_of_week')
      ? jsonOrNull(input.validity_day_of_week)
      : (campaign?.validity_day_of_week ?? null),
    validity_hours: given('validity_hours')
      ? jsonOrNull(input.validity_hours)
      : (campaign?.validity_hours ?? null),
  };
  checkValidity(
    {
      validity_timeframe: out.validity_timeframe === null ? null : JSON.parse(out.validity_timeframe),
      validity_hours: out.validity_hours === null ? null : JSON.parse(out.validity_hours),
    },
    out.start_date,
  );
  return out;
}

/** Checks a new voucher's fields against its campaign (if any) and returns its columns but id and code. */
export function voucherPrototype(
  projectId: string,
  campaign: CampaignRow | null,
  input: VoucherFieldsIn,
  now: number,
): VoucherPrototype {
  const t = campaign ? campaignTemplate(campaign) : null;
  const type = typeOf(input, t?.type);
  // Categories are not kept yet, so any category id is unknown: a 404, as for campaigns.
  if (input.category_id) throw notFound('category', input.category_id);
  const quantity =
    input.redemption?.quantity !== undefined
      ? normaliseQuantity(input.redemption.quantity)
      : (t?.redemption.quantity ?? null);
  return {
    project_id: projectId,
    campaign_id: campaign?.id ?? null,
    category: input.category !== undefined ? input.category : (campaign?.category ?? null),
    type,
    ...valueColumns(type, input, campaign),
    ...scheduleColumns(input, campaign),
    active: input.active === false ? 0 : 1,
    additional_info: input.additional_info ?? null,
    metadata: JSON.stringify(input.metadata ?? {}),
    is_referral_code: t?.is_referral_code ? 1 : 0,
    holder_id: null,
    referrer_id: null,
    redemption_quantity: quantity,
    redeemed_quantity: 0,
    redeemed_amount: 0,
    redeemed_points: 0,
    publish_count: 0,
    created_at: now,
    updated_at: null,
    deleted_at: null,
  };
}
