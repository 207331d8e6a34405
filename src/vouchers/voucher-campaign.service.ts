import type { AsyncActionRow } from '../async-actions/index.js';
import { checkCodeSpace, lockLiveCampaign, campaignTemplate, updateCampaignRow } from '../campaigns/index.js';
import { enqueueJob } from '../jobs/index.js';
import type { AppContext } from '../platform/context.js';
import { type Tx, transact } from '../platform/db/transaction.js';
import { invalidPayload, isAppError } from '../platform/errors.js';
import type { Caller } from '../projects/index.js';
import { generateVouchersJob } from './voucher-generation.job.js';
import { importVouchersJob } from './voucher-import.job.js';
import { noTemplate } from './voucher.errors.js';
import * as repo from './voucher.repository.js';
import { voucherPrototype } from './voucher.rules.js';
import type { CampaignVoucherIn, ImportItemIn } from './voucher.schemas.js';
import { createOne, type VoucherView } from './voucher.service.js';
import { normaliseCodeConfig } from './voucher-template.js';

/**
 * The vouchers of a campaign: adding them (one, generated in bulk, or imported) and the changes the campaigns
 * context asks for through this context's door when a campaign is updated, deleted or restored.
 */

type Ctx = Pick<AppContext, 'db' | 'clock' | 'outboxBell' | 'jobsBell'>;

/** Rewrites the template fields of the campaign's vouchers that nobody has received or used yet. */
export async function applyTemplateToUnusedVouchers(tx: Tx, campaignId: string, patch: repo.TemplatePatch) {
  return repo.rewriteUnusedVouchers(tx.db, campaignId, patch);
}

/** Brings back the vouchers that went to the bin with the campaign (same deletion time). */
export async function restoreBinnedCampaignVouchers(tx: Tx, campaignId: string, deletedAt: number) {
  return repo.restoreCampaignVouchers(tx.db, campaignId, deletedAt);
}

/** Moves up to `limit` live vouchers of a deleted campaign to the bin; returns how many. */
export async function binCampaignVouchers(tx: Tx, campaignId: string, deletedAt: number, limit: number) {
  return repo.binCampaignVouchers(tx.db, campaignId, deletedAt, limit);
}

/** Removes up to `limit` vouchers of a campaign deleted with `force`; returns how many. */
export async function purgeCampaignVouchers(tx: Tx, campaignId: string, limit: number) {
  return repo.purgeCampaignVouchers(tx.db, campaignId, limit);
}

/**
 * `POST /v1/campaigns/{id}/vouchers`: one voucher at once (200), or with `vouchers_count` above 1 a
 * CAMPAIGN.VOUCHERS_GENERATE async action (202) whose job fires the generation events and, at the end,
 * `campaign.vouchers.added`.
 */
export async function addCampaignVouchers(
  ctx: Ctx,
  caller: Caller,
  campaignRef: string,
  input: CampaignVoucherIn,
  count: number,
): Promise<{ voucher: VoucherView } | { action: AsyncActionRow }> {
  return transact(ctx, async (tx) => {
    const campaign = await lockLiveCampaign(tx, caller.projectId, campaignRef);
    const template = campaignTemplate(campaign);
    if (!template) throw noTemplate(campaign.id);
    const { code, code_config, ...fields } = input;
    if (count <= 1) return { voucher: await createOne(tx, caller, campaign, fields, code, code_config) };
    if (code !== undefined)
      throw invalidPayload('code names one voucher; it cannot go with vouchers_count above 1');
    const cfg = code_config ? normaliseCodeConfig(code_config) : template.code_config;
    checkCodeSpace(cfg, count);
    voucherPrototype(caller.projectId, campaign, fields, tx.now);
    await updateCampaignRow(tx.db, campaign.id, { vouchers_generation_status: 'IN_PROGRESS' });
    const action = await enqueueJob(ctx, tx, generateVouchersJob, {
      projectId: caller.projectId,
      requestId: caller.requestId,
      payload: { campaign_id: campaign.id, count, mode: 'add', overrides: fields, code_config: cfg, done: 0 },
    });
    return { action };
  });
}

/** `POST /v1/campaigns/{id}/vouchers/{code}`: one voucher with the given code. */
export async function addCampaignVoucherWithCode(
  ctx: Ctx,
  caller: Caller,
  campaignRef: string,
  code: string,
  input: CampaignVoucherIn,
): Promise<VoucherView> {
  return transact(ctx, async (tx) => {
    const campaign = await lockLiveCampaign(tx, caller.projectId, campaignRef);
    const { code: _ignored, code_config: _cc, ...fields } = input;
    return createOne(tx, caller, campaign, fields, code, undefined);
  });
}

/**
 * `POST /v1/campaigns/{id}/import`: checks every item now (a bad one is a 400 and nothing is queued), then
 * imports them in a CAMPAIGN.VOUCHERS_IMPORT async action. Items whose code is taken are reported in the
 * action's result, not imported.
 */
export async function importCampaignVouchers(
  ctx: Ctx,
  caller: Caller,
  campaignRef: string,
  items: ImportItemIn[],
) {
  return transact(ctx, async (tx) => {
    const campaign = await lockLiveCampaign(tx, caller.projectId, campaignRef);
    if (!campaignTemplate(campaign)) throw noTemplate(campaign.id);
    for (const [i, item] of items.entries()) {
      try {
        const { code: _c, ...fields } = item;
        voucherPrototype(caller.projectId, campaign, fields, tx.now);
      } catch (e) {
        if (isAppError(e)) throw invalidPayload(`[${i}] (${item.code}): ${e.details ?? e.message}`);
        throw e;
      }
    }
    return enqueueJob(ctx, tx, importVouchersJob, {
      projectId: caller.projectId,
      requestId: caller.requestId,
      payload: { campaign_id: campaign.id, items, cursor: 0, done: 0, failed: [] },
    });
  });
}
