/**
 * Earning rules of loyalty campaigns (`/v1/loyalties/{campaignId}/earning-rules`, the
 * campaign.earning_rule.* events). README.md beside this file says what goes where.
 */
export { earningRuleRoutes } from './earning-rule.routes.js';
export { EARNING_RULE_EVENTS } from './earning-rule.events.js';
