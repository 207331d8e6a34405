import { type Static, Type } from '@sinclair/typebox';
import { defineJob } from '../jobs/index.js';
import { binCampaignVouchers, purgeCampaignVouchers } from '../vouchers/index.js';
import { deleteCampaignRow, lockCampaign } from './campaign.repository.js';

/** Vouchers per step of a campaign deletion. */
const DELETE_BATCH = 2000;

const DeletePayload = Type.Object({
  campaign_id: Type.String(),
  force: Type.Boolean(),
  /** The campaign's deletion time; its binned vouchers carry the same. */
  deleted_at: Type.Integer(),
  done: Type.Integer({ minimum: 0 }),
  /** The campaign's vouchers when the job started, for the progress. */
  total: Type.Optional(Type.Integer({ minimum: 0 })),
});
export type DeletePayload = Static<typeof DeletePayload>;

/**
 * CAMPAIGN.VOUCHERS_DELETE, the second half of `DELETE /v1/campaigns/{id}` (the request already hid the
 * campaign and recorded `campaign.deleted`). Each step bins, or with `force` removes, the next vouchers
 * through the vouchers context; a forced delete removes the campaign row last. If the campaign is restored
 * meanwhile, the job stops.
 */
export const deleteCampaignJob = defineJob({
  type: 'CAMPAIGN.VOUCHERS_DELETE',
  payload: DeletePayload,
  async step(_ctx, tx, run) {
    const p = { ...run.payload };
    const campaign = await lockCampaign(tx, p.campaign_id);
    const stillDeleted = campaign !== undefined && campaign.deleted_at === p.deleted_at;
    let n = 0;
    if (stillDeleted) {
      p.total ??= campaign.vouchers_count;
      n = p.force
        ? await purgeCampaignVouchers(tx, campaign.id, DELETE_BATCH)
        : await binCampaignVouchers(tx, campaign.id, p.deleted_at, DELETE_BATCH);
      p.done += n;
    }
    if (n > 0)
      return {
        next: 'continue',
        payload: p,
        progress: Math.min(99, Math.floor((p.done / Math.max(p.total ?? 1, 1)) * 100)),
      };
    if (stillDeleted && p.force) await deleteCampaignRow(tx.db, campaign.id);
    return {
      next: 'done',
      result: { message: `Deleted ${p.done} vouchers.`, done_count: p.done },
      payload: p,
    };
  },
});
