/**
 * Rewards: the reward API (`/v1/rewards`), reward assignments to loyalty campaigns (both route families, the
 * `campaign.reward.assignment.*` events), the rewards a loyalty member or tier can buy
 * (`/v1/loyalties/members/{memberId}/rewards`, `/v1/loyalties/{campaignId}/tiers/{tierId}/rewards`), and
 * `customer.rewarded`, which the referrals context records when a referral tier rewards a referrer.
 */
export { rewardRoutes } from './reward.routes.js';
export { REWARD_EVENTS } from './reward.events.js';
export { grantReward, rewardsByIds } from './reward-grant.service.js';
export { recordCustomerRewarded } from './reward.events.js';
export { coinPointsFor, coinValue, findRewardOffer, returnRewardUnit } from './reward-offer.service.js';
export { presentReward } from './reward.presenter.js';
