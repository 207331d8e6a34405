import type { CampaignCreateIn, CampaignType } from './campaign.schemas.js';
import { invalidCampaign } from './campaign.errors.js';
import {
  normaliseCodeConfig,
  normaliseDiscount,
  normaliseGift,
  normaliseLoyaltyCard,
  normaliseQuantity,
  type VoucherTemplate,
  type VoucherType,
} from '../vouchers/index.js';

/** Which voucher type each campaign type issues; PROMOTION issues none (its tiers are the promotions). */
const VOUCHER_TYPE: Record<CampaignType, VoucherType | null> = {
  DISCOUNT_COUPONS: 'DISCOUNT_VOUCHER',
  REFERRAL_PROGRAM: 'DISCOUNT_VOUCHER',
  GIFT_VOUCHERS: 'GIFT_VOUCHER',
  LOYALTY_PROGRAM: 'LOYALTY_CARD',
  PROMOTION: null,
};

const CAMPAIGN_TYPE_OF: Record<VoucherType, CampaignType> = {
  DISCOUNT_VOUCHER: 'DISCOUNT_COUPONS',
  GIFT_VOUCHER: 'GIFT_VOUCHERS',
  LOYALTY_CARD: 'LOYALTY_PROGRAM',
};

/** The campaign type a create body asks for: given, or implied by the template's voucher type. */
export function campaignTypeOf(input: CampaignCreateIn): CampaignType {
  if (input.campaign_type) return input.campaign_type;
  if (input.voucher?.type) return CAMPAIGN_TYPE_OF[input.voucher.type];
  throw invalidCampaign('campaign_type is required');
}

/** Checks a create body's template against its campaign type and returns it normalised (null for PROMOTION). */
export function templateFromCreate(
  campaignType: CampaignType,
  input: CampaignCreateIn,
): VoucherTemplate | null {
  const expected = VOUCHER_TYPE[campaignType];
  const v = input.voucher;
  if (expected === null) {
    if (v)
      throw invalidCampaign('PROMOTION campaigns have no voucher template; their tiers are the promotions');
    return null;
  }
  if (!v) throw invalidCampaign(`Property 'voucher' is required for ${campaignType} campaign`);
  const type = v.type ?? expected;
  if (type !== expected)
    throw invalidCampaign(`${campaignType} campaigns issue ${expected} vouchers, not ${type}`);
  const t: VoucherTemplate = {
    type,
    redemption: { quantity: normaliseQuantity(v.redemption?.quantity, 'voucher.redemption.quantity') },
    code_config: normaliseCodeConfig(v.code_config, 'voucher.code_config'),
    is_referral_code: campaignType === 'REFERRAL_PROGRAM',
  };
  if (type === 'DISCOUNT_VOUCHER') {
    if (!v.discount) throw invalidCampaign(`Property 'discount' is required for ${campaignType} campaign`);
    t.discount = normaliseDiscount(v.discount, 'voucher.discount');
  } else if (v.discount) throw invalidCampaign(`${type} vouchers have no discount`);
  if (type === 'GIFT_VOUCHER') {
    if (!v.gift) throw invalidCampaign(`Property 'gift' is required for ${campaignType} campaign`);
    t.gift = normaliseGift(v.gift, 'voucher.gift');
  } else if (v.gift) throw invalidCampaign(`${type} vouchers have no gift`);
  if (type === 'LOYALTY_CARD') {
    if (!v.loyalty_card)
      throw invalidCampaign(`Property 'loyalty_card' is required for ${campaignType} campaign`);
    t.loyalty_card = normaliseLoyaltyCard(v.loyalty_card, 'voucher.loyalty_card');
  } else if (v.loyalty_card) throw invalidCampaign(`${type} vouchers have no loyalty_card`);
  return t;
}

const REFERRAL_EVENTS = ['redemption', 'custom_event'];

/** `referral_program`: only for REFERRAL_PROGRAM campaigns; the conversion event defaults to a redemption. */
export function referralProgramFrom(
  campaignType: CampaignType,
  input: unknown,
): Record<string, unknown> | null {
  if (campaignType !== 'REFERRAL_PROGRAM') {
    if (input) throw invalidCampaign('referral_program is only for REFERRAL_PROGRAM campaigns');
    return null;
  }
  const rp = (input ?? {}) as Record<string, unknown>;
  const event = (rp.conversion_event_type as string | undefined) ?? 'redemption';
  if (!REFERRAL_EVENTS.includes(event))
    throw invalidCampaign(
      `referral_program.conversion_event_type must be one of ${REFERRAL_EVENTS.join(', ')}`,
    );
  if (event === 'custom_event' && !(rp.custom_event as { id?: unknown } | undefined)?.id)
    throw invalidCampaign(
      'referral_program.custom_event is required when the conversion event is custom_event',
    );
  return { ...rp, conversion_event_type: event };
}
