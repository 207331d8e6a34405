/** Campaigns: the campaign API under `/v1`, the voucher template, and the campaign.* events it records. */
export { campaignRoutes } from './campaign.routes.js';
export {
  checkCodeSpace,
  getCampaign,
  lockLiveCampaign,
  MAX_VOUCHERS_PER_REQUEST,
  type DeletePayload,
  type GeneratePayload,
} from './campaign.service.js';
export { campaignTemplate, presentCampaign, presentSimpleCampaign } from './campaign.presenter.js';
export {
  addToVouchersCount,
  campaignNames,
  deleteCampaignRow,
  findAnyCampaign,
  lockCampaign,
  updateCampaignRow,
} from './campaign.repository.js';
export type { VoucherTemplate, VoucherType } from './campaign.rules.js';
export {
  ALPHANUMERIC,
  checkDateOrder,
  checkValidity,
  type CodeConfig,
  codeSpace,
  type Discount,
  jsonOrNull,
  normaliseCodeConfig,
  normaliseDiscount,
  normaliseGift,
  normaliseLoyaltyCard,
  normaliseQuantity,
  parseDate,
} from './voucher-template.js';
export {
  CodeConfigIn,
  ValidityDayOfWeekIn,
  ValidityHoursIn,
  ValidityTimeframeIn,
} from './campaign.schemas.js';
export type { CampaignRow, CampaignsTable } from './campaign.table.js';
