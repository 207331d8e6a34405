import { updateAsyncAction } from '../async-actions/index.js';
import { type DeletePayload, deleteCampaignRow, lockCampaign } from '../campaigns/index.js';
import { binCampaignVouchers, purgeCampaignVouchers } from '../vouchers/index.js';
import type { JobStep } from './job.js';

/** Vouchers per step of a campaign deletion. */
const DELETE_BATCH = 2000;

/**
 * CAMPAIGN.VOUCHERS_DELETE, the second half of `DELETE /v1/campaigns/{id}` (the request already hid the
 * campaign and recorded `campaign.deleted`). Each step bins, or with `force` removes, the next vouchers;
 * a forced delete removes the campaign row last. If the campaign is restored meanwhile, the job stops.
 */
export const deleteStep: JobStep = async (_ctx, tx, action) => {
  const p = JSON.parse(action.payload) as DeletePayload & { total?: number };
  const campaign = await lockCampaign(tx, p.campaign_id);
  const stillDeleted = campaign !== undefined && campaign.deleted_at === p.deleted_at;
  let n = 0;
  if (stillDeleted) {
    p.total ??= campaign.vouchers_count;
    n = p.force
      ? await purgeCampaignVouchers(tx.db, campaign.id, DELETE_BATCH)
      : await binCampaignVouchers(tx.db, campaign.id, p.deleted_at, DELETE_BATCH);
    p.done += n;
  }
  const started = action.started_at ?? tx.now;
  if (n > 0) {
    await updateAsyncAction(tx.db, action.id, {
      status: 'IN_PROGRESS',
      started_at: started,
      payload: JSON.stringify(p),
      progress: Math.min(99, Math.floor((p.done / Math.max(p.total ?? 1, 1)) * 100)),
      updated_at: tx.now,
    });
    return 'continue';
  }
  if (stillDeleted && p.force) await deleteCampaignRow(tx.db, campaign.id);
  await updateAsyncAction(tx.db, action.id, {
    status: 'DONE',
    result: JSON.stringify({ message: `Deleted ${p.done} vouchers.`, done_count: p.done }),
    progress: 100,
    payload: JSON.stringify(p),
    started_at: started,
    updated_at: tx.now,
    completed_at: tx.now,
    next_run_at: null,
    locked_by: null,
  });
  return 'finished';
};
