import { AppError, invalidPayload, notFound } from '../platform/errors.js';

/** A 404 that names the field of the body holding the unknown id. */
const notFoundAt = (field: string, type: string, id: string) =>
  new AppError(404, 'not_found', 'Resource not found', {
    details: `${field}: cannot find ${type} with id ${id}`,
    resourceId: id,
    resourceType: type,
  });

export const tierNotFound = (id: string) => notFound('referral_tier', id);
export const referralCodeNotFound = (code: string) => notFound('voucher', code);

export const notAReferralCampaign = (campaignId: string, type: string) =>
  invalidPayload(
    `campaignId names campaign ${campaignId} of type ${type}; referral tiers belong to REFERRAL_PROGRAM campaigns`,
  );

export const noReward = () => invalidPayload('rewards must list at least one reward (id rew_…)');

export const rewardListedTwice = (index: number, id: string) =>
  invalidPayload(`rewards[${index}].id names reward ${id} a second time`);

export const rewardNotFound = (index: number, id: string) => notFoundAt(`rewards[${index}].id`, 'reward', id);

export const coinRewardRefused = (index: number, id: string) =>
  invalidPayload(
    `rewards[${index}].id names reward ${id} of type COIN; a referrer is given a CAMPAIGN or MATERIAL reward`,
  );

export const minRefereesRequired = () =>
  invalidPayload('criteria.min_referees is required when criteria.type is MIN_REFEREES');

export const minRefereesNotTaken = () =>
  invalidPayload('criteria.min_referees is only for criteria.type MIN_REFEREES');

export const segmentNotFound = (id: string) => notFoundAt('parameters.segment.id', 'segment', id);

export const metadataTooLarge = (limit: number) =>
  invalidPayload(`metadata must be at most ${limit} bytes when serialised as JSON`);

export const notAReferralCode = (code: string) =>
  invalidPayload(`voucher ${code} is not a referral code of a REFERRAL_PROGRAM campaign`);

export const referrerOwnCode = (code: string) =>
  new AppError(400, 'referrer_not_permitted_to_redeem', 'Referrer not permitted to redeem', {
    details: `referral.code ${code} belongs to the event's customer; a referrer cannot convert their own code`,
    resourceId: code,
    resourceType: 'voucher',
  });
