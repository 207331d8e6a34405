import { AppError, invalidPayload, notFound } from '../platform/errors.js';

export const tierNotFound = (id: string) => notFound('promotion_tier', id);
export const stackNotFound = (id: string) => notFound('promotion_stack', id);

/** Tiers and stacks live only in PROMOTION campaigns. */
export const notPromotionCampaign = (field: string, campaignId: string, type: string) =>
  new AppError(400, 'invalid_payload', 'Invalid payload', {
    details: `${field}: campaign ${campaignId} is a ${type} campaign; promotion tiers and stacks belong to PROMOTION campaigns`,
    resourceId: campaignId,
    resourceType: 'campaign',
  });

export const tierOfOtherCampaign = (field: string, tierId: string, campaignId: string) =>
  invalidPayload(
    `${field}: promotion tier ${tierId} is not a tier of campaign ${campaignId}; a stack's tiers come from its campaign`,
  );

export const tierListedTwice = (field: string, tierId: string) =>
  invalidPayload(`${field}: promotion tier ${tierId} is listed twice`);

export const tierNeedsDiscount = (field: string) =>
  invalidPayload(`${field}: a promotion tier needs action.discount`);
