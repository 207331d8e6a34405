import type { AppContext } from '../platform/context.js';
import { iso } from '../platform/clock.js';
import type { Caller } from '../projects/index.js';
import {
  presentOrder,
  type RedemptionCounts,
  validate,
  type VoucherValidationIn,
} from '../validations/index.js';
import { availableTiers } from './promotion-tier.service.js';
import type { Json } from './promotion.presenter.js';

type Ctx = Pick<AppContext, 'db' | 'clock'>;

/** The most tiers the legacy validation looks at. */
const MAX_TIERS = 100;

/**
 * The legacy `POST /v1/promotions/validation` (SDK `promotions.validate`): each tier that may apply now,
 * judged alone for the order and customer with the validations' checks and rules; the applicable ones with
 * the discount each would give, by campaign and hierarchy. `valid` is whether any applies. Writes nothing.
 */
export async function validatePromotions(
  ctx: Ctx,
  caller: Caller,
  input: VoucherValidationIn,
  counts: RedemptionCounts,
) {
  const { gift: _gift, reward: _reward, ...rest } = input;
  const tiers = await availableTiers(ctx.db.kysely, caller.projectId, ctx.clock.now(), MAX_TIERS);
  const promotions: Json[] = [];
  let trackingId: string | null = null;
  for (const t of tiers) {
    const v = await validate(
      ctx,
      caller,
      {
        ...rest,
        redeemables: [{ object: 'promotion_tier', id: t.row.id }],
      },
      counts,
    );
    trackingId = v.trackingId;
    const o = v.outcomes[0]!;
    if (o.status !== 'APPLICABLE') continue;
    const p: Json = { id: t.row.id, object: 'promotion_tier' };
    if (t.row.banner !== null) p.banner = t.row.banner;
    p.name = t.row.name;
    if (t.row.start_date !== null) p.start_date = iso(t.row.start_date);
    if (t.row.expiration_date !== null) p.expiration_date = iso(t.row.expiration_date);
    p.discount = JSON.parse(t.row.action).discount;
    p.discount_amount = v.totals.discount + v.totals.itemsDiscount;
    p.applied_discount_amount = p.discount_amount;
    p.metadata = JSON.parse(t.row.metadata);
    p.order = presentOrder(v.order, v.initial.amount, v.final, v.totals, v.customer?.id ?? null);
    p.hierarchy = t.row.hierarchy;
    p.campaign_id = t.campaign.id;
    promotions.push(p);
  }
  const out: Json = { valid: promotions.length > 0, promotions };
  if (trackingId) out.tracking_id = trackingId;
  return out;
}
