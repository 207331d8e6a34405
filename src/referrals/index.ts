/**
 * Referrals: the referral tiers of REFERRAL_PROGRAM campaigns (`/v1/referrals/{campaignId}/tiers`, the
 * `campaign.referral_tier.*` events), the holders of a referral code, and what a conversion does: the
 * redemptions context (a referee redeems a referral code) and the custom events call `convertReferral` in
 * their transaction, and the referrer is given what the campaign's tiers grant.
 */
export { referralRoutes } from './referral.routes.js';
export { REFERRAL_EVENTS } from './referral.events.js';
export { convertByEvent, convertReferral, convertsByRedemption } from './referral-conversion.service.js';
