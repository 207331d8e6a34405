import { CAMPAIGN_EVENTS } from './campaigns/index.js';
import { CUSTOMER_EVENTS } from './customers/index.js';
import { LOYALTY_EVENTS } from './loyalties/index.js';
import { EARNING_EVENTS } from './earning-rules/index.js';
import { PROMOTION_EVENTS } from './promotions/index.js';
import { PUBLICATION_EVENTS } from './publications/index.js';
import { REDEMPTION_EVENTS } from './redemptions/index.js';
import { REFERRAL_EVENTS } from './referrals/index.js';
import { REWARD_EVENTS } from './rewards/index.js';
import { VALIDATION_RULE_EVENTS } from './validation-rules/index.js';
import { VOUCHER_EVENTS } from './vouchers/index.js';
import { FiredEvents } from './webhooks/index.js';

/**
 * Every event type this server fires, as the contexts declare them (`<context>.events.ts`): the source of
 * `GET /management/v1/webhook-events/{type}`, of test-send samples, of `vouchsafe trigger --list` and of the
 * receiver kit's generated types. A new context adds its list here.
 */
export const FIRED_EVENTS = new FiredEvents([
  ...CUSTOMER_EVENTS,
  ...CAMPAIGN_EVENTS,
  ...VOUCHER_EVENTS,
  ...PUBLICATION_EVENTS,
  ...REDEMPTION_EVENTS,
  ...VALIDATION_RULE_EVENTS,
  ...REWARD_EVENTS,
  ...REFERRAL_EVENTS,
  ...LOYALTY_EVENTS,
  ...EARNING_EVENTS,
  ...PROMOTION_EVENTS,
]);
