import { AppError, invalidPayload, notFound } from '../platform/errors.js';

/** Voucherify's resource types in errors: `earning_rule`, `pending_points`, `loyalty_card`. */
export const earningRuleNotFound = (id: string) => notFound('earning_rule', id);
export const pendingPointsNotFound = (id: string) => notFound('pending_points', id);
export const memberNotFound = (id: string) => notFound('loyalty_card', id);

/** The most earning rules one project holds (Voucherify's limit). */
export const EARNING_RULES_PER_PROJECT = 100;

export const notALoyaltyCampaign = (id: string, type: string) =>
  invalidPayload(
    `campaignId: ${id} is a ${type} campaign; earning rules belong to LOYALTY_PROGRAM campaigns`,
  );

export const tooManyEarningRules = (existing: number, adding: number) =>
  new AppError(400, 'limit_exceeded', 'Limit exceeded', {
    details: `A project holds at most ${EARNING_RULES_PER_PROJECT} earning rules; it has ${existing} and ${adding} more were sent`,
    resourceType: 'earning_rule',
  });

export const fieldNeeded = (field: string, event: string) =>
  invalidPayload(`${field} is required for an earning rule on ${event}`);

export const pendingPointsOnlyForOrders = (field: string) =>
  invalidPayload(`${field} is allowed only for an earning rule on order.paid`);

export const pendingPointsNotPending = (id: string, status: string) =>
  new AppError(400, 'invalid_pending_points', 'Pending points are not pending', {
    details: `Pending points ${id} are ${status}`,
    resourceId: id,
    resourceType: 'pending_points',
  });

export const pendingPointsBelowZero = (id: string, points: number) =>
  invalidPayload(`points: pending points ${id} hold ${points}; they cannot go below 0`);

export const unknownPendingCursor = (id: string) =>
  new AppError(400, 'invalid_query_params', 'Invalid query params', {
    details: `starting_after_id ${id} is not a pending points entry of this list`,
  });
