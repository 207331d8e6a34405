/**
 * Loyalties: loyalty programs (LOYALTY_PROGRAM campaigns under `/v1/loyalties`), their members (a member is
 * a loyalty card, a LOYALTY_CARD voucher of the program with a holder), points in buckets (`lopb_…`) with
 * their transactions (`vtx_…`) and expiration, and tiers (`ltr_…`).
 *
 * What other contexts use (earning rules, pending points, rewards), all inside the caller's transaction:
 * - `addLoyaltyPoints(tx, {cause, card, points, type, expiration?, reason?, sourceId?, source?, details?,
 *   eventData?})` and `spendLoyaltyPoints(tx, {…, type})` in `loyalty-points.service.ts`;
 *   a short balance is the AppError keyed `POINTS_EXCEEDED` (`loyalty.errors.ts`);
 * - `findLoyaltyCard`, `heldLoyaltyCards`, `memberTier`, `publishLoyaltyCard` in `loyalty-member.service.ts`.
 * A door lists only what another context imports: add a name to it with the first import.
 */
export { loyaltyRoutes } from './loyalty.routes.js';
export { addLoyaltyPoints, spendLoyaltyPoints } from './loyalty-points.service.js';
export {
  findLoyaltyCard,
  heldLoyaltyCards,
  memberTier,
  publishLoyaltyCard,
} from './loyalty-member.service.js';
export { pointsExpirationJob } from './points-expiration.job.js';
export { LOYALTY_EVENTS } from './loyalty.events.js';
