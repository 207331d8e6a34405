import { AppError, invalidPayload, notFound } from '../platform/errors.js';

export const redemptionNotFound = (id: string) => notFound('redemption', id);

/** A refusal of a redemption or rollback that was stored: the error names the stored failure. */
export const recordedFailure = (
  f: { status: number; key: string; message: string; details: string; ruleMessage?: string },
  failureId: string,
  resourceType: 'redemption' | 'redemption_rollback' = 'redemption',
) =>
  new AppError(f.status, f.key, f.message, {
    details: f.details,
    resourceId: failureId,
    resourceType,
    ...(f.ruleMessage ? { ruleError: { message: f.ruleMessage } } : {}),
  });

export const tooManyRedeemables = (n: number, limit: number) =>
  invalidPayload(`redeemables lists ${n} redeemables; a redemption takes at most ${limit}`);

export const notAStackParent = (id: string) =>
  new AppError(400, 'invalid_redemption', 'Invalid redemption', {
    details: `Redemption ${id} is the parent of a stacked redemption; roll it back with POST /v1/redemptions/${id}/rollbacks`,
    resourceId: id,
    resourceType: 'redemption',
  });

export const notStacked = (id: string) =>
  new AppError(400, 'invalid_redemption', 'Invalid redemption', {
    details: `Redemption ${id} is not the parent of a stacked redemption; roll it back with POST /v1/redemptions/${id}/rollback`,
    resourceId: id,
    resourceType: 'redemption',
  });

export const childRedemption = (id: string, parentId: string) =>
  new AppError(400, 'invalid_redemption_parent', 'Invalid redemption parent', {
    details: `Redemption ${id} is part of the stacked redemption ${parentId}; roll back the whole stack with POST /v1/redemptions/${parentId}/rollbacks`,
    resourceId: id,
    resourceType: 'redemption',
  });

export const notARedemption = (id: string) =>
  new AppError(400, 'invalid_redemption', 'Invalid redemption', {
    details: `${id} is a failed redemption or a rollback; only a successful redemption can be rolled back`,
    resourceId: id,
    resourceType: 'redemption',
  });

/** Thrown inside a redemption's transaction to roll it back; the failure is then stored in its own. */
export class Refused extends Error {
  constructor(
    readonly failure: {
      status: number;
      key: string;
      message: string;
      details: string;
      ruleMessage?: string;
    },
    readonly about: { voucherCode: string | null; tierId?: string | null },
  ) {
    super(failure.key);
  }
}

/** The same request won the race for its idempotency key in another transaction; run again to replay it. */
export class RequestKeyTaken extends Error {}

export const missingReward = () =>
  new AppError(400, 'missing_reward', 'Missing reward', {
    details: 'reward.id is required: the reward to buy',
  });

export const missingOrder = (rewardId: string) =>
  new AppError(400, 'missing_order', 'Missing order', {
    details: `order is required: reward ${rewardId} pays an order with points`,
  });

export const rewardOutOfStock = (rewardId: string) =>
  new AppError(400, 'reward_out_of_stock', 'Reward out of stock', {
    details: `Reward ${rewardId} has no stock left`,
    resourceId: rewardId,
    resourceType: 'reward',
  });

export const pointsNotTaken = (rewardId: string) =>
  invalidPayload(
    `reward.points is only for a pay-with-points (COIN) reward; reward ${rewardId} has its price`,
  );

export const orderPaidAlready = (rewardId: string) =>
  invalidPayload(`order: reward ${rewardId} pays with points, and the order leaves nothing to pay`);
