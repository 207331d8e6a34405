import { AppError, invalidPayload, notFound } from '../platform/errors.js';

export const memberNotFound = (memberId: string) => notFound('loyalty_card', memberId);

export const notALoyaltyCard = (code: string) =>
  invalidPayload(`Voucher ${code} is not a loyalty card; only a LOYALTY_CARD holds points`);

export const notInCampaign = (code: string, campaignId: string) =>
  notFound('loyalty_card', `${code} in campaign ${campaignId}`);

export const noHolder = (code: string) =>
  invalidPayload(`Loyalty card ${code} has no holder; points move only on a card held by a customer`);

export const zeroPoints = () =>
  invalidPayload('points must not be 0: a positive number adds points, a negative one removes them');

export const pointsOutOfRange = (field: string) =>
  invalidPayload(`${field} must be a positive integer of at most ${Number.MAX_SAFE_INTEGER}`);

/** Spending more than the card's balance: callers may catch it by its key. */
export const POINTS_EXCEEDED = 'loyalty_card_points_exceeded';

export const pointsShort = (code: string, balance: number, asked: number) =>
  new AppError(400, POINTS_EXCEEDED, 'Loyalty card points exceeded', {
    details: `Loyalty card ${code} has a balance of ${balance}; ${asked} points cannot be taken from it`,
    resourceId: code,
    resourceType: 'voucher',
  });

export const pointsTooLarge = (code: string) =>
  invalidPayload(`points would take loyalty card ${code} past ${Number.MAX_SAFE_INTEGER}`);

export const notALoyaltyProgram = (campaignId: string) =>
  invalidPayload(`Campaign ${campaignId} is not a LOYALTY_PROGRAM campaign`);

export const tierNotFound = (id: string) => notFound('loyalty_tier', id);

export const unknownTransaction = (id: string) =>
  new AppError(400, 'invalid_query_params', 'Invalid query params', {
    details: `starting_after_id ${id} is not a transaction of this loyalty card`,
  });

export const unknownCampaignTransaction = (id: string, campaignId: string) =>
  new AppError(400, 'invalid_query_params', 'Invalid query params', {
    details: `starting_after_id ${id} is not a transaction of loyalty campaign ${campaignId}`,
  });
