import { type AsyncActionRow, updateAsyncAction } from '../async-actions/index.js';
import {
  addToVouchersCount,
  type CampaignRow,
  type GeneratePayload,
  lockCampaign,
  presentSimpleCampaign,
  updateCampaignRow,
} from '../campaigns/index.js';
import { iso } from '../platform/clock.js';
import type { Tx } from '../platform/db/transaction.js';
import { generateVouchers, type VoucherFieldsIn } from '../vouchers/index.js';
import { type EventType, recordEvent } from '../webhooks/index.js';
import { INTERNAL_SOURCE, type JobStep } from './job.js';

/**
 * CAMPAIGN.VOUCHERS_GENERATE. Each step inserts up to BATCH codes and adds them to `payload.done` in the same
 * transaction, so after a crash the job resumes from the last committed step: never more nor fewer than
 * `count` codes. Events: `campaign.vouchers.generation.started` on the first step, then `…completed` (and
 * `campaign.vouchers.added` when the codes were appended to an existing campaign) or `…failed`.
 *
 * A failed job keeps the vouchers its committed steps made (`done_count` in the result and in the failed
 * event); the campaign's `vouchers_generation_status` becomes FAILED, and its `creation_status` too when the
 * job was the campaign's first generation.
 */

/** Codes per step: one transaction each; 2,000 keeps a step well under 100 ms while amortising the commit. */
export const GENERATION_BATCH = 2000;

async function emit(tx: Tx, action: AsyncActionRow, type: EventType, entityId: string, data: unknown) {
  await recordEvent(tx, {
    projectId: action.project_id,
    type,
    entityId,
    groupId: action.request_id,
    source: INTERNAL_SOURCE,
    data,
  });
}

async function finish(
  tx: Tx,
  action: AsyncActionRow,
  status: 'DONE' | 'FAILED',
  result: Record<string, unknown>,
  progress: number,
  payload: GeneratePayload,
) {
  await updateAsyncAction(tx.db, action.id, {
    status,
    result: JSON.stringify(result),
    progress,
    payload: JSON.stringify(payload),
    updated_at: tx.now,
    completed_at: tx.now,
    next_run_at: null,
    locked_by: null,
  });
}

async function fail(
  tx: Tx,
  action: AsyncActionRow,
  p: GeneratePayload,
  campaign: CampaignRow | undefined,
  message: string,
) {
  const progress = Math.floor((p.done / p.count) * 100);
  await finish(tx, action, 'FAILED', { message, done_count: p.done }, progress, p);
  if (!campaign) return;
  const patch: Partial<CampaignRow> = { vouchers_generation_status: 'FAILED', updated_at: tx.now };
  if (p.mode === 'create') patch.creation_status = 'FAILED';
  await updateCampaignRow(tx.db, campaign.id, patch);
  await emit(tx, action, 'campaign.vouchers.generation.failed', campaign.id, {
    campaign: presentSimpleCampaign({ ...campaign, ...patch }),
    count: p.count,
    done_count: p.done,
    failed_at: iso(tx.now),
    error: { message },
  });
}

async function complete(tx: Tx, action: AsyncActionRow, p: GeneratePayload, campaign: CampaignRow) {
  await finish(tx, action, 'DONE', { message: `Generated ${p.done} vouchers.`, done_count: p.done }, 100, p);
  const patch: Partial<CampaignRow> = { vouchers_generation_status: 'DONE', creation_status: 'DONE' };
  await updateCampaignRow(tx.db, campaign.id, patch);
  const simple = presentSimpleCampaign({ ...campaign, ...patch });
  const completedAt = iso(tx.now);
  await emit(tx, action, 'campaign.vouchers.generation.completed', campaign.id, {
    campaign: simple,
    count: p.done,
    completed_at: completedAt,
  });
  if (p.mode === 'add')
    await emit(tx, action, 'campaign.vouchers.added', campaign.id, {
      campaign: simple,
      count: p.done,
      completed_at: completedAt,
      async_action_id: action.id,
    });
}

export const generateStep: JobStep = async (_ctx, tx, action) => {
  const p = JSON.parse(action.payload) as GeneratePayload;
  const campaign = await lockCampaign(tx, p.campaign_id);
  if (!campaign || campaign.deleted_at !== null) {
    await fail(tx, action, p, undefined, 'The campaign was deleted before its vouchers were generated');
    return 'finished';
  }
  if (action.status === 'ENQUEUED') {
    await updateAsyncAction(tx.db, action.id, {
      status: 'IN_PROGRESS',
      started_at: tx.now,
      updated_at: tx.now,
    });
    await emit(tx, action, 'campaign.vouchers.generation.started', campaign.id, {
      campaign: presentSimpleCampaign(campaign),
      count: p.count,
      started_at: iso(tx.now),
    });
    // The started event commits on its own, before the first codes.
    return 'continue';
  }
  const want = Math.min(GENERATION_BATCH, p.count - p.done);
  const inserted =
    want > 0
      ? await generateVouchers(tx.db, campaign, p.overrides as VoucherFieldsIn, p.code_config, want, tx.now)
      : 0;
  p.done += inserted;
  await addToVouchersCount(tx.db, campaign.id, inserted);
  const current = { ...campaign, vouchers_count: campaign.vouchers_count + inserted };
  if (inserted < want) {
    await fail(
      tx,
      action,
      p,
      current,
      `The code_config has no free code left: ${p.done} of ${p.count} vouchers were generated. ` +
        'Codes are unique across the project; lengthen the pattern or widen the charset.',
    );
    return 'finished';
  }
  if (p.done >= p.count) {
    await complete(tx, action, p, current);
    return 'finished';
  }
  await updateAsyncAction(tx.db, action.id, {
    payload: JSON.stringify(p),
    progress: Math.floor((p.done / p.count) * 100),
    updated_at: tx.now,
  });
  return 'continue';
};
