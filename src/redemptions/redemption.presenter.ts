import { presentSimpleCampaign, type CampaignRow } from '../campaigns/index.js';
import { type CustomerRow, presentSimpleCustomer } from '../customers/index.js';
import { iso } from '../platform/clock.js';
import type { Caller } from '../projects/index.js';
import { presentSimpleVoucher, type VoucherRow } from '../vouchers/index.js';
import type { RedemptionRow } from './redemption.table.js';

/*
 * Voucherify's redemption objects: the `Redemption` a redemption answers and `GET /v1/redemptions/{id}`
 * shows (stored as it was answered, with its current status), the `RedemptionRollback`, and the
 * `SimpleRedemption` and other simple objects of the `redemption.*` events.
 */

export type Json = Record<string, unknown>;

/** The API's status of a stored redemption. */
export function presentStored(row: RedemptionRow): Json {
  const body = JSON.parse(row.body) as Json;
  return { ...body, status: row.status };
}

export const channelOf = (caller: Caller) => ({
  channel_id: caller.source.api_key.app_id,
  channel_type: 'API',
});

/** What a redemption (or rollback) row's body is built from. */
export interface RedemptionParts {
  id: string;
  object: 'redemption' | 'redemption_rollback';
  now: number;
  caller: Caller;
  customer: CustomerRow | null;
  trackingId: string | null;
  metadata: Record<string, unknown>;
  amount: number;
  parentId: string | null;
  /** Of a rollback: the redemption it rolls back. */
  rolledBackId?: string | null;
  reason?: string | null;
  result: 'SUCCESS' | 'FAILURE';
  status: 'SUCCEEDED' | 'FAILED';
  failure?: { code: string; message: string };
  order: Json | null;
  voucher: { row: VoucherRow; campaignName: string | null } | null;
  /** A promotion tier's redemption: the tier, as SimplePromotionTier. */
  tier?: Json;
  /** A stack parent's children, by id. */
  children?: string[];
  /** Of a referral code's redemption: the referrer, its holder. */
  referrer?: CustomerRow | null;
}

export function presentRedemption(p: RedemptionParts): Json {
  const out: Json = { id: p.id, object: p.object, date: iso(p.now) };
  out.customer_id = p.customer?.id ?? null;
  out.tracking_id = p.trackingId;
  out.metadata = p.metadata;
  out.amount = p.amount;
  if (p.object === 'redemption_rollback') {
    out.redemption = p.rolledBackId ?? null;
    out.reason = p.reason ?? null;
    out.parent_rollback_id = p.parentId;
  } else {
    out.redemption = p.parentId;
  }
  out.result = p.result;
  out.status = p.status;
  if (p.failure) {
    out.failure_code = p.failure.code;
    out.failure_message = p.failure.message;
  }
  if (p.order) out.order = p.order;
  out.channel = channelOf(p.caller);
  out.customer = p.customer ? presentSimpleCustomer(p.customer) : null;
  if (p.referrer) out.referrer = presentSimpleCustomer(p.referrer);
  if (p.children) {
    out.related_object_type = 'redemption';
    out.related_object_id = p.id;
    out.related_redemptions = p.children.map((id) => ({ id, date: iso(p.now) }));
  } else if (p.tier) {
    out.related_object_type = 'promotion_tier';
    out.related_object_id = p.tier.id;
    out.promotion_tier = p.tier;
  } else if (p.voucher) {
    out.related_object_type = 'voucher';
    out.related_object_id = p.voucher.row.id;
    // The voucher as it stood after this redemption, without its assets: a QR code per redemption would
    // cost more than the redemption itself.
    out.voucher = presentSimpleVoucher(p.voucher.row, p.voucher.campaignName);
  }
  return out;
}

/** `SimpleOrder` of an event: the redemption's order as it stands. */
export function simpleOrder(order: Json | undefined | null): Json | null {
  return order ?? null;
}

/** `SimpleRedemption` of an event, from the answered object (its voucher as a SimpleVoucher). */
export function simpleRedemption(body: Json, voucher: VoucherRow | null, campaignName: string | null): Json {
  const out: Json = {};
  for (const k of [
    'id',
    'customer_id',
    'tracking_id',
    'date',
    'amount',
    'order',
    'customer',
    'result',
    'status',
    'redemption',
    'metadata',
    'failure_code',
    'failure_message',
    'reason',
    'channel',
    'object',
  ])
    if (body[k] !== undefined) out[k] = body[k];
  if (out.status === 'ROLLED_BACK') out.status = 'ROLLED BACK';
  if (voucher) out.voucher = presentSimpleVoucher(voucher, campaignName);
  return out;
}

/**
 * The `data` of a `redemption.*` event: the promotion tier redeemed (SimplePromotionTier) and the stack it
 * came with (SimplePromotionStack), null for a voucher.
 */
export function redemptionEventData(parts: {
  customer: CustomerRow | null;
  order: Json | null;
  campaign: CampaignRow | null;
  voucher: VoucherRow | null;
  holder: CustomerRow | null;
  promotionTier?: Json | null;
  promotionStack?: Json | null;
  redemption: Json;
  rollback?: Json;
  now?: number;
}): Json {
  const out: Json = {
    customer: parts.customer ? presentSimpleCustomer(parts.customer) : null,
    order: parts.order,
    campaign: parts.campaign ? presentSimpleCampaign(parts.campaign) : null,
    voucher: parts.voucher ? presentSimpleVoucher(parts.voucher, parts.campaign?.name ?? null) : null,
    holder: parts.holder ? presentSimpleCustomer(parts.holder) : null,
    promotion_tier: parts.promotionTier ?? null,
    promotion_stack: parts.promotionStack ?? null,
    redemption: parts.redemption,
  };
  if (parts.rollback) out.redemption_rollback = parts.rollback;
  if (parts.now !== undefined) out.created_at = iso(parts.now);
  return out;
}
