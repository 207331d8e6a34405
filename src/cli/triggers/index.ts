import { CAMPAIGN_TRIGGERS } from './campaigns.js';
import { CUSTOMER_TRIGGERS } from './customers.js';
import { LOYALTY_TRIGGERS } from './loyalties.js';
import { EARNING_RULE_TRIGGERS } from './earning-rules.js';
import { PROMOTION_TRIGGERS } from './promotions.js';
import { PUBLICATION_TRIGGERS } from './publications.js';
import { REDEMPTION_TRIGGERS } from './redemptions.js';
import { REFERRAL_TRIGGERS } from './referrals.js';
import { REWARD_TRIGGERS } from './rewards.js';
import type { TriggerScenario } from './scenario.js';
import { VALIDATION_RULE_TRIGGERS } from './validation-rules.js';
import { VOUCHER_TRIGGERS } from './vouchers.js';

export type { TriggerRun, TriggerScenario } from './scenario.js';

/** Every trigger scenario, by the context that fires the type; a test keeps this equal to the fired catalog. */
export const TRIGGERS: readonly TriggerScenario[] = [
  ...CUSTOMER_TRIGGERS,
  ...CAMPAIGN_TRIGGERS,
  ...VOUCHER_TRIGGERS,
  ...PUBLICATION_TRIGGERS,
  ...REDEMPTION_TRIGGERS,
  ...VALIDATION_RULE_TRIGGERS,
  ...REWARD_TRIGGERS,
  ...REFERRAL_TRIGGERS,
  ...LOYALTY_TRIGGERS,
  ...EARNING_RULE_TRIGGERS,
  ...PROMOTION_TRIGGERS,
];
