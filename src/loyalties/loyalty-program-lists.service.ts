import type { AppContext } from '../platform/context.js';
import { unknownCampaignTransaction } from './loyalty.errors.js';
import { loyaltyCampaign } from './loyalty-member.service.js';
import { presentLoyaltyTransaction } from './loyalty.presenter.js';
import * as repo from './loyalty.repository.js';
import type { CampaignTransactionListQuery } from './loyalty.schemas.js';

/** The lists of a whole loyalty program, across its cards. They read only, and fire no event. */

/**
 * `GET /v1/loyalties/{campaignId}/transactions`: the transactions of every card of the program, newest first
 * (`-id`) unless `order=id`, paged by `starting_after_id` (a transaction of the program).
 */
export async function listCampaignTransactions(
  ctx: Pick<AppContext, 'db'>,
  projectId: string,
  campaignRef: string,
  q: CampaignTransactionListQuery,
) {
  const db = ctx.db.kysely;
  const campaign = await loyaltyCampaign(db, projectId, campaignRef);
  const desc = q.order !== 'id';
  let after: Awaited<ReturnType<typeof repo.findCampaignTransaction>>;
  if (q.starting_after_id !== undefined) {
    after = await repo.findCampaignTransaction(db, campaign.id, q.starting_after_id);
    if (!after) throw unknownCampaignTransaction(q.starting_after_id, campaign.id);
  }
  const rows = await repo.selectCampaignTransactions(db, campaign.id, desc, after, q.limit);
  return {
    data: rows.slice(0, q.limit).map(presentLoyaltyTransaction),
    hasMore: rows.length > q.limit,
    total: await repo.countCampaignTransactions(db, campaign.id),
  };
}
