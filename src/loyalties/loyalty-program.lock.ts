import { type CampaignRow, lockLiveCampaign } from '../campaigns/index.js';
import type { Tx } from '../platform/db/transaction.js';
import { notALoyaltyProgram } from './loyalty.errors.js';

/** The live loyalty program by id or name, its campaign row locked for the transaction where the database can. */
export async function lockLoyaltyProgram(tx: Tx, projectId: string, ref: string): Promise<CampaignRow> {
  const campaign = await lockLiveCampaign(tx, projectId, ref);
  if (campaign.campaign_type !== 'LOYALTY_PROGRAM') throw notALoyaltyProgram(campaign.id);
  return campaign;
}
