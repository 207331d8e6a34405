import { AppError, duplicateFound, invalidPayload, notFound } from '../platform/errors.js';

export const rewardNotFound = (id: string) => notFound('reward', id);
export const assignmentNotFound = (id: string) => notFound('reward_assignment', id);

export const oneParameter = (given: readonly string[]) =>
  invalidPayload(
    given.length === 0
      ? 'parameters must name one of campaign, coin or product'
      : `parameters must name one of campaign, coin or product, not ${given.join(' and ')}`,
  );

export const typeMismatch = (type: string, expected: string) =>
  invalidPayload(`type ${type} does not match parameters, which describe a ${expected} reward`);

export const typeChange = (from: string, to: string) =>
  invalidPayload(`parameters describe a ${to} reward; a ${from} reward keeps its type`);

export const nameRequired = () => invalidPayload('name is required');

export const campaignTypeRefused = (campaignId: string, type: string) =>
  invalidPayload(
    `parameters.campaign.id names campaign ${campaignId} of type ${type}; a reward gives a code of a DISCOUNT_COUPONS campaign, credits of a GIFT_VOUCHERS campaign or points of a LOYALTY_PROGRAM campaign`,
  );

/** Voucherify's own key for a missing or zero balance of a gift-credits or points reward. */
export const invalidBalance = (campaignType: string) =>
  new AppError(400, 'invalid_balance', "Property 'parameters.campaign.balance' is invalid", {
    details: `Property 'parameters.campaign.balance' must be greater than zero for campaign type: ${campaignType}`,
  });

export const balanceNotTaken = () =>
  invalidPayload('parameters.campaign.balance is only for GIFT_VOUCHERS and LOYALTY_PROGRAM campaigns');

export const exchangeRatioCents = () =>
  invalidPayload('parameters.coin.exchange_ratio must be an amount with at most two decimals');

export const stockOfCoin = () => invalidPayload('stock is not taken by a COIN reward (pay with points)');

export const metadataTooLarge = (limit: number) =>
  invalidPayload(`metadata must be at most ${limit} bytes when serialised as JSON`);

export const rewardInUse = (id: string, assignmentIds: string[]) =>
  new AppError(400, 'resource_in_use', 'Resource in use', {
    details: `Resource reward with id ${id} is in use by reward_assignments with ids [${assignmentIds.join(', ')}]`,
    resourceId: id,
    resourceType: 'reward',
  });

export const notALoyaltyCampaign = (field: string, campaignId: string, type: string) =>
  invalidPayload(
    `${field} names campaign ${campaignId} of type ${type}; rewards are assigned to LOYALTY_PROGRAM campaigns`,
  );

/** Voucherify's key for the price a CAMPAIGN or MATERIAL reward's assignment needs. */
export const missingPoints = (field: string) =>
  new AppError(400, 'missing_param', 'Missing required parameter', {
    details: `Parameter '${field}' is required`,
  });

export const pointsOfCoin = (field: string) =>
  invalidPayload(`${field} is not taken by a COIN reward: its points follow from its exchange ratio`);

export const secondAutoRedeem = (field: string, holderId: string) =>
  invalidPayload(
    `${field}: reward assignment ${holderId} of the campaign is already redeemed automatically; a campaign has at most one`,
  );

export const duplicateAssignment = (id: string) =>
  duplicateFound('reward_assignment', `Duplicated reward_assignment exists with id ${id}`, id);

export const rulesUnsupported = (field: string) =>
  invalidPayload(`${field}: validation rules of reward assignments are not supported yet; leave them out`);

export const rewardListedTwice = (index: number, rewardId: string) =>
  invalidPayload(`[${index}].reward names reward ${rewardId} a second time`);

export const rewardCampaignGone = (rewardId: string, campaignId: string) =>
  invalidPayload(`reward ${rewardId} gives from campaign ${campaignId}, which is gone or cannot give it`);
