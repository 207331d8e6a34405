/**
 * Loyalties: loyalty programs (LOYALTY_PROGRAM campaigns under `/v1/loyalties`), their members (a member is
 * a loyalty card, a LOYALTY_CARD voucher of the program with a holder), points in buckets (`lopb_…`) with
 * their transactions (`vtx_…`) and expiration (a periodic job), and tiers (`ltr_…`).
 *
 * What earning rules, pending points and rewards use, each inside the caller's transaction:
 * - `addLoyaltyPoints(tx, {cause, card, points, type, expiration?, reason?, sourceId?, source?, details?,
 *   eventData?, relatedTransactionId?, fromPending?, tierDepth?, deferTierChange?})` and `spendLoyaltyPoints(tx, {…, type})`
 *   (`loyalty-points.service.ts`): a card's points move by one conditional statement; `details` are the
 *   transaction's, `eventData` the full objects of `transaction.created`; the answer has the card after,
 *   the transaction, the balance and the tier before and after. A short balance is the AppError keyed
 *   `POINTS_EXCEEDED` (`loyalty.errors.ts`), thrown before any SQL fails, so a caller may catch it and go on.
 *   Pending points alone change through `changeLoyaltyPoints(tx, id, {balance: 0, total: 0, subtracted: 0,
 *   expired: 0, pending: ±n})` of the vouchers door; an activation is `addLoyaltyPoints` with `fromPending`.
 * - `findLoyaltyCard`, `heldLoyaltyCards`, `loyaltyCampaign` (a live program by id or name: 404, or 400 for
 *   another kind), `memberTier`, `publishLoyaltyCard` (`loyalty-member.service.ts`), and `loyaltyTier` (a tier
 *   of a program with its mappings of earning rules and rewards, `loyalty-tier.service.ts`).
 * - The schemas and samples of the loyalty objects events carry: `LoyaltyTierOut`, `LoyaltyBalanceOut`,
 *   `LoyaltyTransactionOut`, `sampleCardRow`, `sampleTierRow` (`loyalty.events.ts`).
 * - Tier changes: every movement above that changes a member's tier tells the listeners registered by
 *   `onTierChanged(listener)` (at assembly, in `app.ts`: the tier rules of earning-rules) with a `TierChange`,
 *   inside its transaction, after its own events; with `deferTierChange` the caller does it, by
 *   `announceTierChange(tx, moved.tierChange)`, after events of its own (`loyalty-tier-change.ts`).
 * Work that moves the points of several cards in one transaction locks them first in id order
 * (`lockLoyaltyCard` of the vouchers door), as transfers do. A door lists only what another context imports:
 * add a name here with its first import.
 */
export { loyaltyRoutes } from './loyalty.routes.js';
export { addLoyaltyPoints, type LoyaltyCause, spendLoyaltyPoints } from './loyalty-points.service.js';
export { announceTierChange, onTierChanged, type TierChange } from './loyalty-tier-change.js';
export {
  findLoyaltyCard,
  heldLoyaltyCards,
  loyaltyCampaign,
  memberTier,
  publishLoyaltyCard,
  type TierMapping,
} from './loyalty-member.service.js';
export { loyaltyTier } from './loyalty-tier.service.js';
export { pointsExpirationJob } from './points-expiration.job.js';
export { LOYALTY_EVENTS } from './loyalty.events.js';
