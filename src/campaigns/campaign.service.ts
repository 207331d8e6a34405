import type { AsyncActionRow } from '../async-actions/index.js';
import { enqueueJob } from '../jobs/index.js';
import { iso } from '../platform/clock.js';
import type { AppContext } from '../platform/context.js';
import { isUniqueViolation, type Kx } from '../platform/db/connect.js';
import { type Tx, transact } from '../platform/db/transaction.js';
import { invalidPayload } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import type { Caller } from '../projects/index.js';
import { campaignPromotion, createTiersInline } from '../promotions/index.js';
import { assignRulesInline, fillAssignments } from '../validation-rules/index.js';
import { recordEventFor } from '../webhooks/index.js';
import {
  CampaignCreated,
  CampaignDeleted,
  CampaignDisabled,
  CampaignEnabled,
  CampaignUpdated,
} from './campaign.events.js';
import {
  campaignNotFound,
  campaignNotInBin,
  categoryNotFound,
  duplicateCampaignName,
  tooManyCodes,
} from './campaign.errors.js';
import { campaignTemplate, presentCampaign, presentSimpleCampaign } from './campaign.presenter.js';
import * as repo from './campaign.repository.js';
import { campaignTypeOf, referralProgramFrom, templateFromCreate } from './campaign.rules.js';
import {
  type CampaignCreateIn,
  type CampaignListQuery,
  type CampaignUpdateIn,
  MAX_VOUCHERS_PER_REQUEST,
} from './campaign.schemas.js';
import type { CampaignRow } from './campaign.table.js';
import {
  applyTemplateToUnusedVouchers,
  checkDateOrder,
  checkValidity,
  codeSpace,
  generateVouchersJob,
  jsonOrNull,
  normaliseDiscount,
  normaliseGift,
  parseDate,
  restoreBinnedCampaignVouchers,
  type VoucherTemplate,
} from '../vouchers/index.js';
import { deleteCampaignJob } from './campaign-delete.job.js';

type Ctx = Pick<AppContext, 'db' | 'clock' | 'outboxBell' | 'jobsBell'>;

function checkCategory(categoryId: string | null | undefined): void {
  // Categories are not kept yet, so any category id is unknown: a 404, as Voucherify answers one it lacks.
  if (categoryId) throw categoryNotFound(categoryId);
}

/** The validity and date columns a create or update body sets; absent keys are left out. */
function scheduleFields(input: CampaignUpdateIn) {
  const patch: Partial<CampaignRow> = {};
  const start = parseDate(input.start_date, 'start_date');
  const end = parseDate(input.expiration_date, 'expiration_date');
  if (start !== undefined) patch.start_date = start;
  if (end !== undefined) patch.expiration_date = end;
  if (input.validity_timeframe !== undefined) patch.validity_timeframe = jsonOrNull(input.validity_timeframe);
  if (input.validity_day_of_week !== undefined)
    patch.validity_day_of_week = jsonOrNull(input.validity_day_of_week);
  if (input.validity_hours !== undefined) patch.validity_hours = jsonOrNull(input.validity_hours);
  return patch;
}

function checkSchedule(
  row: Pick<CampaignRow, 'start_date' | 'expiration_date'>,
  input: CampaignUpdateIn,
): void {
  checkDateOrder(row.start_date, row.expiration_date);
  checkValidity(
    {
      validity_timeframe: input.validity_timeframe,
      validity_hours: input.validity_hours as Record<string, unknown> | null | undefined,
    },
    row.start_date,
  );
}

/** The campaign object with its validation-rule assignments, read through `db` (a transaction's, for events). */
export async function campaignJson(db: Kx, row: CampaignRow): Promise<Record<string, unknown>> {
  const [out] = await fillAssignments(db, row.project_id, [presentCampaign(row)]);
  if (row.campaign_type === 'PROMOTION') out!.promotion = await campaignPromotion(db, row);
  return out!;
}

/** Fills the `promotion` tier lists of the PROMOTION campaigns among presented ones (same order as `rows`). */
export async function fillPromotions(db: Kx, rows: CampaignRow[], presented: Record<string, unknown>[]) {
  for (const [k, row] of rows.entries())
    if (row.campaign_type === 'PROMOTION') presented[k]!.promotion = await campaignPromotion(db, row);
}

/** Checks that a code_config can make `count` codes at all; the job still fails if the project took them. */
export function checkCodeSpace(cfg: VoucherTemplate['code_config'], count: number): void {
  if (count > MAX_VOUCHERS_PER_REQUEST)
    throw invalidPayload(`vouchers_count must be at most ${MAX_VOUCHERS_PER_REQUEST} in one request`);
  const space = codeSpace(cfg);
  if (count > space) throw tooManyCodes(count, space);
}

function rowFromCreate(caller: Caller, input: CampaignCreateIn, now: number): CampaignRow {
  const campaignType = campaignTypeOf(input);
  const template = templateFromCreate(campaignType, input);
  checkCategory(input.category_id);
  const count = input.vouchers_count ?? 0;
  if (count > 0) {
    if (!template) throw invalidPayload('vouchers_count is not allowed for PROMOTION campaigns');
    checkCodeSpace(template.code_config, count);
  }
  const schedule = { start_date: null, expiration_date: null, ...scheduleFields(input) };
  checkSchedule(schedule, input);
  const generating = count > 0 ? 'IN_PROGRESS' : 'DONE';
  return {
    id: newId('campaign'),
    project_id: caller.projectId,
    name: input.name,
    description: input.description ?? null,
    campaign_type: campaignType,
    type: input.type ?? 'AUTO_UPDATE',
    voucher: jsonOrNull(template),
    auto_join: input.auto_join ? 1 : 0,
    // Voucherify forces join_once for loyalty programs, whatever the request says.
    join_once: campaignType === 'LOYALTY_PROGRAM' || input.join_once ? 1 : 0,
    use_voucher_metadata_schema: input.use_voucher_metadata_schema === false ? 0 : 1,
    validity_timeframe: null,
    validity_day_of_week: null,
    validity_hours: null,
    ...schedule,
    activity_duration_after_publishing: input.activity_duration_after_publishing ?? null,
    vouchers_count: 0,
    active: input.active === false ? 0 : 1,
    metadata: JSON.stringify(input.metadata ?? {}),
    category: input.category ?? null,
    creation_status: generating,
    vouchers_generation_status: generating,
    referral_program: jsonOrNull(referralProgramFrom(campaignType, input.referral_program)),
    loyalty_tiers_expiration:
      campaignType === 'LOYALTY_PROGRAM' ? jsonOrNull(input.loyalty_tiers_expiration) : null,
    created_at: now,
    updated_at: null,
    deleted_at: null,
    purging: 0,
  };
}

async function insertUnique(tx: Tx, row: CampaignRow): Promise<void> {
  if (await repo.findCampaignByName(tx.db, row.project_id, row.name)) throw duplicateCampaignName(row.name);
  try {
    await repo.insertCampaign(tx.db, row);
  } catch (e) {
    // Two creates of one name at once: the index refuses the second.
    if (isUniqueViolation(e)) throw duplicateCampaignName(row.name);
    throw e;
  }
}

/**
 * `POST /v1/campaigns`. Records `campaign.created`, then `business_validation_rule.assignment.created` for
 * each rule of `validation_rules`, then a PROMOTION campaign's `campaign.promotion_tier.created` for each
 * tier of `promotion.tiers`; with `vouchers_count` it also enqueues a
 * CAMPAIGN.VOUCHERS_GENERATE action, and the campaign stays IN_PROGRESS until the job ends.
 */
export async function createCampaign(
  ctx: Ctx,
  caller: Caller,
  input: CampaignCreateIn,
): Promise<CampaignRow> {
  return transact(ctx, async (tx) => {
    const row = rowFromCreate(caller, input, tx.now);
    await insertUnique(tx, row);
    await recordEventFor(tx, caller, CampaignCreated, row.id, {
      campaign: presentCampaign(row),
      created_at: iso(row.created_at),
    });
    // Inline rules are assigned after campaign.created, as separate assignment.created events.
    await assignRulesInline(tx, caller, 'validation_rules', input.validation_rules ?? [], {
      type: 'campaign',
      id: row.id,
      voucher: null,
      campaign: presentSimpleCampaign(row),
    });
    const tiers = (input.promotion as { tiers?: unknown } | undefined)?.tiers;
    if (row.campaign_type === 'PROMOTION' && Array.isArray(tiers))
      await createTiersInline(tx, caller, row, tiers);
    const count = input.vouchers_count ?? 0;
    if (count > 0) {
      await enqueueJob(ctx, tx, generateVouchersJob, {
        projectId: caller.projectId,
        requestId: caller.requestId,
        payload: {
          campaign_id: row.id,
          count,
          mode: 'create',
          overrides: {},
          code_config: campaignTemplate(row)!.code_config,
          done: 0,
        },
      });
    }
    return row;
  });
}

/** A live campaign by id or name. */
export async function getCampaign(
  ctx: Pick<Ctx, 'db'>,
  projectId: string,
  idOrName: string,
): Promise<CampaignRow> {
  const row = await repo.findCampaign(ctx.db.kysely, projectId, idOrName);
  if (!row) throw campaignNotFound(idOrName);
  return row;
}

/**
 * A live campaign by id or name, read with the given connection or transaction and not locked, for work
 * that must not queue behind other writers of the campaign (publications pick vouchers race-free anyway).
 */
export async function readLiveCampaign(db: Kx, projectId: string, idOrName: string): Promise<CampaignRow> {
  const row = await repo.findCampaign(db, projectId, idOrName);
  if (!row) throw campaignNotFound(idOrName);
  return row;
}

/** The same inside a transaction, locked where the database can. */
export async function lockLiveCampaign(tx: Tx, projectId: string, idOrName: string): Promise<CampaignRow> {
  const found = await repo.findCampaign(tx.db, projectId, idOrName);
  const row = found && (await repo.lockCampaign(tx, found.id));
  if (!row || row.deleted_at !== null) throw campaignNotFound(idOrName);
  return row;
}

export async function listCampaigns(ctx: Pick<Ctx, 'db'>, projectId: string, q: CampaignListQuery) {
  const filter = { projectId, campaignType: q.campaign_type };
  const total = await repo.countCampaigns(ctx.db.kysely, filter);
  const rows = await repo.selectCampaigns(
    ctx.db.kysely,
    filter,
    q.order ?? '-created_at',
    q.limit,
    (q.page - 1) * q.limit,
  );
  return { rows, total };
}

function templatePatch(row: CampaignRow, input: CampaignUpdateIn) {
  const t = campaignTemplate(row);
  if (!t) {
    if (input.discount || input.gift) throw invalidPayload('PROMOTION campaigns have no voucher template');
    return { template: null, discount: undefined, gift: undefined };
  }
  const discount = input.discount ? normaliseDiscount(input.discount) : undefined;
  const gift = input.gift ? normaliseGift(input.gift) : undefined;
  if (discount && t.type !== 'DISCOUNT_VOUCHER') throw invalidPayload(`${t.type} vouchers have no discount`);
  if (gift && t.type !== 'GIFT_VOUCHER') throw invalidPayload(`${t.type} vouchers have no gift`);
  return { template: { ...t, ...(discount ? { discount } : {}), ...(gift ? { gift } : {}) }, discount, gift };
}

function updatedMetadata(row: CampaignRow, input: CampaignUpdateIn): string | undefined {
  if (input.metadata === undefined && !input.unset_metadata_fields) return undefined;
  // As in Voucherify, given keys are merged into the campaign's metadata, and unset_metadata_fields removes keys.
  const merged: Record<string, unknown> = { ...JSON.parse(row.metadata), ...(input.metadata ?? {}) };
  for (const k of input.unset_metadata_fields ?? []) delete merged[k];
  return JSON.stringify(merged);
}

/**
 * `PUT /v1/campaigns/{id}`. Records `campaign.updated`; the template fields it changes are also rewritten on
 * the campaign's vouchers that are neither published nor redeemed, in the same transaction (no per-voucher
 * events for that bulk effect, as in Voucherify).
 */
export async function updateCampaign(
  ctx: Ctx,
  caller: Caller,
  idOrName: string,
  input: CampaignUpdateIn,
): Promise<CampaignRow> {
  return transact(ctx, async (tx) => {
    const row = await lockLiveCampaign(tx, caller.projectId, idOrName);
    checkCategory(input.category_id);
    const { template, discount, gift } = templatePatch(row, input);
    const patch: Partial<CampaignRow> = { ...scheduleFields(input), updated_at: tx.now };
    if (input.description !== undefined) patch.description = input.description;
    if (input.category !== undefined) patch.category = input.category;
    if (input.type !== undefined) patch.type = input.type;
    if (input.join_once !== undefined)
      patch.join_once = row.campaign_type === 'LOYALTY_PROGRAM' || input.join_once ? 1 : 0;
    if (input.auto_join !== undefined) patch.auto_join = input.auto_join ? 1 : 0;
    if (input.activity_duration_after_publishing !== undefined)
      patch.activity_duration_after_publishing = input.activity_duration_after_publishing;
    if (template) patch.voucher = JSON.stringify(template);
    const metadata = updatedMetadata(row, input);
    if (metadata !== undefined) patch.metadata = metadata;
    if (input.referral_program !== undefined)
      patch.referral_program = jsonOrNull(referralProgramFrom(row.campaign_type, input.referral_program));
    if (input.loyalty_tiers_expiration !== undefined) {
      if (row.campaign_type !== 'LOYALTY_PROGRAM')
        throw invalidPayload('loyalty_tiers_expiration is only for LOYALTY_PROGRAM campaigns');
      patch.loyalty_tiers_expiration = jsonOrNull(input.loyalty_tiers_expiration);
    }
    const next = { ...row, ...patch };
    checkSchedule(next, input);
    await repo.updateCampaignRow(tx.db, row.id, patch);
    await applyTemplateToUnusedVouchers(tx, row.id, {
      ...pickDefined({
        start_date: patch.start_date,
        expiration_date: patch.expiration_date,
        validity_timeframe: patch.validity_timeframe,
        validity_day_of_week: patch.validity_day_of_week,
        validity_hours: patch.validity_hours,
        category: patch.category,
        discount: discount ? JSON.stringify(discount) : undefined,
        gift_amount: gift?.amount,
        gift_balance: gift?.amount,
        gift_effect: gift ? (gift.effect ?? null) : undefined,
      }),
    });
    await recordEventFor(tx, caller, CampaignUpdated, row.id, {
      campaign: await campaignJson(tx.db, next),
    });
    return next;
  });
}

function pickDefined<T extends Record<string, unknown>>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/** `POST /v1/campaigns/{id}/enable|disable`: sets `active` and records campaign.enabled or .disabled. */
export async function setCampaignActive(
  ctx: Ctx,
  caller: Caller,
  idOrName: string,
  active: boolean,
): Promise<CampaignRow> {
  return transact(ctx, async (tx) => {
    const row = await lockLiveCampaign(tx, caller.projectId, idOrName);
    const patch = { active: active ? 1 : 0, updated_at: tx.now };
    await repo.updateCampaignRow(tx.db, row.id, patch);
    const next = { ...row, ...patch };
    await recordEventFor(tx, caller, active ? CampaignEnabled : CampaignDisabled, row.id, {
      campaign: await campaignJson(tx.db, next),
    });
    return next;
  });
}

/**
 * `DELETE /v1/campaigns/{id}`: the campaign leaves the API at once and `campaign.deleted` is recorded; its
 * vouchers follow in a CAMPAIGN.VOUCHERS_DELETE async action. Without `force` the campaign and its vouchers go
 * to the bin (restorable); with it they are removed for good, and the name is free at once.
 */
export async function deleteCampaign(
  ctx: Ctx,
  caller: Caller,
  idOrName: string,
  force: boolean,
): Promise<AsyncActionRow> {
  return transact(ctx, async (tx) => {
    const row = await lockLiveCampaign(tx, caller.projectId, idOrName);
    const patch: Partial<CampaignRow> = { deleted_at: tx.now, purging: force ? 1 : 0 };
    // A forced delete frees the name now rather than when the job ends; the row is only waiting to go.
    if (force) patch.name = `${row.name}_deleted${iso(tx.now)}_${row.id}`;
    await repo.updateCampaignRow(tx.db, row.id, patch);
    await recordEventFor(tx, caller, CampaignDeleted, row.id, {
      campaign: await campaignJson(tx.db, row),
      deleted_at: iso(tx.now),
    });
    return enqueueJob(ctx, tx, deleteCampaignJob, {
      projectId: caller.projectId,
      requestId: caller.requestId,
      payload: { campaign_id: row.id, force, deleted_at: tx.now, done: 0 },
    });
  });
}

/**
 * `POST /v1/campaigns/{id}/restore` (our extension; Voucherify restores from its dashboard's bin): brings a
 * binned campaign back with the vouchers that went with it. Records no event.
 */
export async function restoreCampaign(ctx: Ctx, caller: Caller, id: string): Promise<CampaignRow> {
  return transact(ctx, async (tx) => {
    const found = await repo.findAnyCampaign(tx.db, caller.projectId, id);
    const row = found && (await repo.lockCampaign(tx, found.id));
    if (!row || row.purging === 1) throw campaignNotFound(id);
    if (row.deleted_at === null) throw campaignNotInBin(id);
    await restoreBinnedCampaignVouchers(tx, row.id, row.deleted_at);
    const patch = { deleted_at: null, updated_at: tx.now };
    await repo.updateCampaignRow(tx.db, row.id, patch);
    return { ...row, ...patch };
  });
}
