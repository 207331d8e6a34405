/**
 * Rewards: the reward API (`/v1/rewards`), reward assignments to loyalty campaigns (both route families, the
 * `campaign.reward.assignment.*` events), and `customer.rewarded`, which the referrals context records when
 * a referral tier rewards a referrer.
 */
export { rewardRoutes } from './reward.routes.js';
export { REWARD_EVENTS } from './reward.events.js';
export { grantReward, rewardsByIds } from './reward-grant.service.js';
export { recordCustomerRewarded } from './reward.events.js';
export { coinPointsFor, coinValue, findRewardOffer, returnRewardUnit } from './reward-offer.service.js';
export { presentReward } from './reward.presenter.js';
