import { updateAsyncAction } from '../async-actions/index.js';
import { addToVouchersCount, lockCampaign, presentSimpleCampaign } from '../campaigns/index.js';
import { iso } from '../platform/clock.js';
import { type ImportPayload, importVouchers } from '../vouchers/index.js';
import { recordEvent } from '../webhooks/index.js';
import { INTERNAL_SOURCE, type JobStep } from './job.js';

/** Items per step of an import. */
const IMPORT_BATCH = 1000;

/**
 * CAMPAIGN.VOUCHERS_IMPORT. Each step imports the next items and moves the cursor in the same transaction.
 * Items whose code is taken are listed in the result (`failed`), as Voucherify reports them. At the end,
 * `campaign.vouchers.added` is recorded with the number imported (none when nothing was).
 */
export const importStep: JobStep = async (_ctx, tx, action) => {
  const p = JSON.parse(action.payload) as ImportPayload;
  const campaign = await lockCampaign(tx, p.campaign_id);
  const finish = async (status: 'DONE' | 'FAILED', message: string) =>
    updateAsyncAction(tx.db, action.id, {
      status,
      result: JSON.stringify({
        message,
        failed: p.failed,
        done_count: p.done,
        failed_count: p.failed.length,
      }),
      progress: status === 'DONE' ? 100 : Math.floor((p.cursor / p.items.length) * 100),
      payload: JSON.stringify(p),
      updated_at: tx.now,
      completed_at: tx.now,
      started_at: action.started_at ?? tx.now,
      next_run_at: null,
      locked_by: null,
    });
  if (!campaign || campaign.deleted_at !== null) {
    await finish('FAILED', `The campaign was deleted; ${p.done} voucher(s) were imported before.`);
    return 'finished';
  }
  const batch = p.items.slice(p.cursor, p.cursor + IMPORT_BATCH);
  const { inserted, failed } = await importVouchers(tx.db, campaign, batch, tx.now);
  p.cursor += batch.length;
  p.done += inserted;
  p.failed.push(...failed);
  await addToVouchersCount(tx.db, campaign.id, inserted);
  if (p.cursor < p.items.length) {
    await updateAsyncAction(tx.db, action.id, {
      status: 'IN_PROGRESS',
      started_at: action.started_at ?? tx.now,
      payload: JSON.stringify(p),
      progress: Math.floor((p.cursor / p.items.length) * 100),
      updated_at: tx.now,
    });
    return 'continue';
  }
  await finish('DONE', `${p.done} voucher(s) imported successfully, ${p.failed.length} failed.`);
  if (p.done > 0)
    await recordEvent(tx, {
      projectId: action.project_id,
      type: 'campaign.vouchers.added',
      entityId: campaign.id,
      groupId: action.request_id,
      source: INTERNAL_SOURCE,
      data: {
        campaign: presentSimpleCampaign({ ...campaign, vouchers_count: campaign.vouchers_count + inserted }),
        count: p.done,
        completed_at: iso(tx.now),
        async_action_id: action.id,
      },
    });
  return 'finished';
};
