import { type Static, Type } from '@sinclair/typebox';
import {
  addToVouchersCount,
  type CampaignRow,
  lockCampaign,
  presentSimpleCampaign,
  updateCampaignRow,
} from '../campaigns/index.js';
import { defineJob, type JobRun, type StepOutcome } from '../jobs/index.js';
import { iso } from '../platform/clock.js';
import type { Tx } from '../platform/db/transaction.js';
import { FreeObject, OneOf } from '../platform/schemas.js';
import { type EventDeclaration, INTERNAL_SOURCE, recordEventFor } from '../webhooks/index.js';
import {
  CampaignVouchersAdded,
  GenerationCompleted,
  GenerationFailed,
  GenerationStarted,
} from './voucher.events.js';
import { generateVouchers } from './voucher.generation.js';
import type { VoucherFieldsIn } from './voucher.rules.js';

/** Codes per step: one transaction each; 2,000 keeps a step well under 100 ms while amortising the commit. */
export const GENERATION_BATCH = 2000;

const GeneratePayload = Type.Object({
  campaign_id: Type.String(),
  count: Type.Integer({ minimum: 1 }),
  /** `create`: the campaign's first codes (no campaign.vouchers.added); `add`: appended to a live campaign. */
  mode: OneOf(['create', 'add']),
  /** Fields of the add request that override the template (category, metadata, redemption, …). */
  overrides: FreeObject,
  code_config: Type.Object({
    length: Type.Integer(),
    charset: Type.String(),
    prefix: Type.String(),
    postfix: Type.String(),
    pattern: Type.String(),
  }),
  /** Codes committed so far; each step adds to it in the transaction that inserts the codes. */
  done: Type.Integer({ minimum: 0 }),
});
export type GeneratePayload = Static<typeof GeneratePayload>;
type Outcome = StepOutcome<GeneratePayload>;

async function emit<S extends EventDeclaration>(
  tx: Tx,
  run: JobRun<unknown>,
  event: S,
  campaignId: string,
  data: S['data']['static'],
) {
  const cause = { projectId: run.projectId, requestId: run.requestId, source: INTERNAL_SOURCE };
  await recordEventFor(tx, cause, event, campaignId, data);
}

async function fail(
  tx: Tx,
  run: JobRun<GeneratePayload>,
  p: GeneratePayload,
  campaign: CampaignRow | undefined,
  message: string,
): Promise<Outcome> {
  const outcome: Outcome = {
    next: 'failed',
    result: { message, done_count: p.done },
    payload: p,
    progress: Math.floor((p.done / p.count) * 100),
  };
  if (!campaign) return outcome;
  const patch: Partial<CampaignRow> = { vouchers_generation_status: 'FAILED', updated_at: tx.now };
  if (p.mode === 'create') patch.creation_status = 'FAILED';
  await updateCampaignRow(tx.db, campaign.id, patch);
  await emit(tx, run, GenerationFailed, campaign.id, {
    campaign: presentSimpleCampaign({ ...campaign, ...patch }),
    count: p.count,
    done_count: p.done,
    failed_at: iso(tx.now),
    error: { message },
  });
  return outcome;
}

async function complete(
  tx: Tx,
  run: JobRun<GeneratePayload>,
  p: GeneratePayload,
  campaign: CampaignRow,
): Promise<Outcome> {
  const patch: Partial<CampaignRow> = { vouchers_generation_status: 'DONE', creation_status: 'DONE' };
  await updateCampaignRow(tx.db, campaign.id, patch);
  const simple = presentSimpleCampaign({ ...campaign, ...patch });
  const completedAt = iso(tx.now);
  await emit(tx, run, GenerationCompleted, campaign.id, {
    campaign: simple,
    count: p.done,
    completed_at: completedAt,
  });
  if (p.mode === 'add')
    await emit(tx, run, CampaignVouchersAdded, campaign.id, {
      campaign: simple,
      count: p.done,
      completed_at: completedAt,
      async_action_id: run.id,
    });
  return {
    next: 'done',
    result: { message: `Generated ${p.done} vouchers.`, done_count: p.done },
    payload: p,
  };
}

/**
 * CAMPAIGN.VOUCHERS_GENERATE. Each step inserts up to GENERATION_BATCH codes and adds them to `payload.done`
 * in the same transaction, so after a crash the job resumes from the last committed step: never more nor
 * fewer than `count` codes. Events: `campaign.vouchers.generation.started` on the first step, then
 * `…completed` (and `campaign.vouchers.added` when the codes were appended to an existing campaign) or
 * `…failed`.
 *
 * A failed job keeps the vouchers its committed steps made (`done_count` in the result and in the failed
 * event); the campaign's `vouchers_generation_status` becomes FAILED, and its `creation_status` too when the
 * job was the campaign's first generation.
 */
export const generateVouchersJob = defineJob({
  type: 'CAMPAIGN.VOUCHERS_GENERATE',
  payload: GeneratePayload,
  async step(_ctx, tx, run) {
    const p = { ...run.payload };
    const campaign = await lockCampaign(tx, p.campaign_id);
    if (!campaign || campaign.deleted_at !== null)
      return fail(tx, run, p, undefined, 'The campaign was deleted before its vouchers were generated');
    if (run.status === 'ENQUEUED') {
      await emit(tx, run, GenerationStarted, campaign.id, {
        campaign: presentSimpleCampaign(campaign),
        count: p.count,
        started_at: iso(tx.now),
      });
      // The started event commits on its own, before the first codes.
      return { next: 'continue', payload: p, progress: 0 };
    }
    const want = Math.min(GENERATION_BATCH, p.count - p.done);
    const inserted =
      want > 0
        ? await generateVouchers(tx.db, campaign, p.overrides as VoucherFieldsIn, p.code_config, want, tx.now)
        : 0;
    p.done += inserted;
    await addToVouchersCount(tx.db, campaign.id, inserted);
    const current = { ...campaign, vouchers_count: campaign.vouchers_count + inserted };
    if (inserted < want)
      return fail(
        tx,
        run,
        p,
        current,
        `The code_config has no free code left: ${p.done} of ${p.count} vouchers were generated. ` +
          'Codes are unique across the project; lengthen the pattern or widen the charset.',
      );
    if (p.done >= p.count) return complete(tx, run, p, current);
    return { next: 'continue', payload: p, progress: Math.floor((p.done / p.count) * 100) };
  },
});
