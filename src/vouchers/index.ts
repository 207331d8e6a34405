/**
 * Vouchers: the voucher API under `/v1`, the voucher template's rules, the vouchers of a campaign (adding,
 * generating and importing them, and what a campaign's update, deletion or restore does to them), the
 * generation and import jobs, and what publications and validations read and change of a voucher (giving it
 * to a holder, topping up an AUTO_UPDATE campaign), and gift cards' credits: the balance route, the
 * transactions (`vtx_…`) and what redemptions spend and refund inside their transaction.
 *
 * The campaigns context and this one call each other's doors. The template modules come first here and
 * import no other context, so the campaigns context can build its schemas from them whichever door the
 * module graph reaches first; this context uses campaigns' exports only inside functions, never while its
 * modules load (test/architecture/imports.test.ts loads each door first in a fresh process).
 */
export {
  checkDateOrder,
  checkValidity,
  codeSpace,
  jsonOrNull,
  normaliseCodeConfig,
  normaliseDiscount,
  normaliseGift,
  normaliseLoyaltyCard,
  normaliseQuantity,
  parseDate,
  parseOrNull,
  type VoucherTemplate,
  type VoucherType,
} from './voucher-template.js';
export {
  CategoryIdDoc,
  DiscountDoc,
  GiftDoc,
  TIMEFRAME_NEEDS_START_DATE,
  ValidityDayOfWeekIn,
  ValidityHoursDoc,
  ValidityHoursIn,
  ValidityTimeframeDoc,
  ValidityTimeframeIn,
  VoucherTemplateDocs,
  VoucherTemplateIn,
} from './voucher-template.schemas.js';
export { voucherRoutes } from './voucher.routes.js';
export { giftCardRoutes } from './voucher-gift.routes.js';
export { addGiftCredits, refundGiftCredits, spendGiftCredits } from './voucher-gift.service.js';
export { findVoucherSummary, voucherJson } from './voucher.service.js';
export {
  applyTemplateToUnusedVouchers,
  binCampaignVouchers,
  purgeCampaignVouchers,
  restoreBinnedCampaignVouchers,
} from './voucher-campaign.service.js';
export {
  claimCampaignVouchers,
  findLiveVoucher,
  heldCampaignVouchers,
  type HeldVoucher,
  listHeldCampaignVouchers,
  publishVoucher,
  topUpCampaign,
  vouchersByIds,
  vouchersOfHolder,
} from './voucher-publication.service.js';
export { consumeVoucherUse, returnVoucherUse } from './voucher-redemption.service.js';
export {
  changeLoyaltyPoints,
  type LoyaltyPointsChange,
  lockLoyaltyCard,
} from './voucher-loyalty.service.js';
export { presentListedVoucher, presentSimpleVoucher, presentVoucher } from './voucher.presenter.js';
export type { VoucherRow } from './voucher.table.js';
export { generateVouchersJob } from './voucher-generation.job.js';
export { importVouchersJob } from './voucher-import.job.js';
export { SimpleVoucherOut, sampleVoucherRow, VoucherEventOut } from './voucher.events.js';
export { VOUCHER_EVENTS } from './voucher-events.catalog.js';
