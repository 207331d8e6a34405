/**
 * Promotions: the tiers (`promo_…`) and stacks (`stack_…`) of PROMOTION campaigns under `/v1/promotions`,
 * the campaign.promotion_tier.* and campaign.promotion_stack.* events, the inline `promotion.tiers` of
 * campaign creation, the legacy `POST /v1/promotions/validation`, and what validations, redemptions,
 * qualifications and validation rules read of a tier or stack (and the summary a redemption adds to).
 *
 * The campaigns, validations and validation-rules contexts call this door and it calls theirs; each side
 * uses the other's exports only inside functions, never while its modules load.
 */
export { promotionRoutes } from './promotion.routes.js';
export { PROMOTION_EVENTS, SimpleStackOut, SimpleTierOut } from './promotion.events.js';
export type { PromotionStackRow, PromotionTierRow } from './promotion.table.js';
export {
  availableTiers,
  campaignPromotion,
  createTiersInline,
  findTierWithCampaign,
  recordTierRedemption,
  recordTierRollback,
} from './promotion-tier.service.js';
export { findLiveStack, projectStacks } from './promotion-stack.service.js';
export { presentSimpleStack, presentSimpleTier } from './promotion.presenter.js';
