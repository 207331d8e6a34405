/**
 * Earning rules of loyalty programs and what they earn: the earning-rule API
 * (`/v1/loyalties/{campaignId}/earning-rules`), custom events (`POST /v1/events`, `/client/v1/events`),
 * accruals on a paid order (`accrueForPaidOrder`, which the orders context calls inside its transaction),
 * the cancellation of a canceled order's pending points (`cancelPendingPointsOfOrder`, called the same way),
 * the tier rules of a member's tier change (`applyTierRules`, the loyalties context's tier listener, which
 * `app.ts` registers), pending points (`/v1/loyalties/members/{memberId}/pending-points…`) and their
 * activation job. README.md beside this file says what goes where.
 */
export { earningRuleRoutes } from './earning-rule.routes.js';
export { clientCustomEventRoutes, customEventRoutes } from './custom-event.routes.js';
export { pendingPointsRoutes } from './pending-points.routes.js';
export { cancelPendingPointsOfOrder } from './pending-points.service.js';
export { accrueForPaidOrder, applyTierRules } from './accrual.service.js';
export { pointsActivationJob } from './points-activation.job.js';
export { EARNING_EVENTS } from './earning-rules.events.js';
