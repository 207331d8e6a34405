/**
 * Campaigns: the campaign API under `/v1`, the campaign.* events, the campaign deletion job, and what the
 * vouchers context reads of a campaign (its template, its name) and writes to it (its voucher count and
 * generation status) when vouchers are added.
 */
export { campaignRoutes } from './campaign.routes.js';
export { deleteCampaignJob } from './campaign-delete.job.js';
export {
  campaignJson,
  checkCodeSpace,
  createCampaign,
  deleteCampaign,
  getCampaign,
  listCampaigns,
  lockLiveCampaign,
  readLiveCampaign,
  updateCampaign,
} from './campaign.service.js';
export { CampaignCreateIn, CampaignListQuery, CampaignUpdateIn } from './campaign.schemas.js';
export { campaignTemplate, presentSimpleCampaign } from './campaign.presenter.js';
export {
  addToVouchersCount,
  campaignNames,
  findAnyCampaign,
  lockCampaign,
  updateCampaignRow,
} from './campaign.repository.js';
export type { CampaignRow } from './campaign.table.js';
export {
  CAMPAIGN_EVENTS,
  sampleCampaignRow,
  SimpleCampaignOut,
  sampleSimpleCampaign,
} from './campaign.events.js';
