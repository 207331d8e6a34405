/**
 * Redemptions: redeeming vouchers for an order and customer (`POST /v1/redemptions`, the client and legacy
 * routes), failed attempts, rollbacks, and the redemption lists. A redemption judges its redeemables with
 * the validations' checks and discount, spends voucher uses and gift credits through the vouchers door, and
 * records the `redemption.*` events in the same transaction.
 */
export { clientRedemptionRoutes, redemptionRoutes } from './redemption.routes.js';
export { REDEMPTION_EVENTS } from './redemption.events.js';
export { readRedemptionCounts } from './redemption-counts.service.js';
