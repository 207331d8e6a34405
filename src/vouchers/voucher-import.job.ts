import { type Static, Type } from '@sinclair/typebox';
import { addToVouchersCount, lockCampaign, presentSimpleCampaign } from '../campaigns/index.js';
import { defineJob } from '../jobs/index.js';
import { iso } from '../platform/clock.js';
import { INTERNAL_SOURCE, recordEventFor } from '../webhooks/index.js';
import { CampaignVouchersAdded } from './voucher.events.js';
import { importVouchers } from './voucher.generation.js';
import { ImportItemIn } from './voucher.schemas.js';

/** Items per step of an import. */
const IMPORT_BATCH = 1000;

const ImportPayload = Type.Object({
  campaign_id: Type.String(),
  items: Type.Array(ImportItemIn),
  /** Items handled so far. */
  cursor: Type.Integer({ minimum: 0 }),
  done: Type.Integer({ minimum: 0 }),
  failed: Type.Array(Type.Object({ code: Type.String(), reason: Type.String() })),
});
export type ImportPayload = Static<typeof ImportPayload>;

const resultOf = (p: ImportPayload, message: string) => ({
  message,
  failed: p.failed,
  done_count: p.done,
  failed_count: p.failed.length,
});

/**
 * CAMPAIGN.VOUCHERS_IMPORT. Each step imports the next items and moves the cursor in the same transaction.
 * Items whose code is taken are listed in the result (`failed`), as Voucherify reports them. At the end,
 * `campaign.vouchers.added` is recorded with the number imported (none when nothing was).
 */
export const importVouchersJob = defineJob({
  type: 'CAMPAIGN.VOUCHERS_IMPORT',
  payload: ImportPayload,
  async step(_ctx, tx, run) {
    const p = { ...run.payload, failed: [...run.payload.failed] };
    const campaign = await lockCampaign(tx, p.campaign_id);
    if (!campaign || campaign.deleted_at !== null)
      return {
        next: 'failed',
        result: resultOf(p, `The campaign was deleted; ${p.done} voucher(s) were imported before.`),
        progress: Math.floor((p.cursor / p.items.length) * 100),
      };
    const batch = p.items.slice(p.cursor, p.cursor + IMPORT_BATCH);
    const { inserted, failed } = await importVouchers(tx.db, campaign, batch, tx.now);
    p.cursor += batch.length;
    p.done += inserted;
    p.failed.push(...failed);
    await addToVouchersCount(tx.db, campaign.id, inserted);
    if (p.cursor < p.items.length)
      return { next: 'continue', payload: p, progress: Math.floor((p.cursor / p.items.length) * 100) };
    if (p.done > 0)
      await recordEventFor(
        tx,
        { projectId: run.projectId, requestId: run.requestId, source: INTERNAL_SOURCE },
        CampaignVouchersAdded,
        campaign.id,
        {
          campaign: presentSimpleCampaign({
            ...campaign,
            vouchers_count: campaign.vouchers_count + inserted,
          }),
          count: p.done,
          completed_at: iso(tx.now),
          async_action_id: run.id,
        },
      );
    const message = `${p.done} voucher(s) imported successfully, ${p.failed.length} failed.`;
    return { next: 'done', result: resultOf(p, message), payload: p };
  },
});
