import {
  addToVouchersCount,
  type CampaignRow,
  campaignNames,
  campaignTemplate,
  findAnyCampaign,
  getCampaign,
  lockLiveCampaign,
  presentSimpleCampaign,
} from '../campaigns/index.js';
import { iso } from '../platform/clock.js';
import type { AppContext } from '../platform/context.js';
import { type Tx, transact } from '../platform/db/transaction.js';
import { invalidPayload, isAppError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import type { Caller } from '../projects/index.js';
import { assignRulesInline, fillAssignments } from '../validation-rules/index.js';
import { recordEventFor } from '../webhooks/index.js';
import {
  CampaignVouchersAdded,
  VoucherCreated,
  VoucherDeleted,
  VoucherDisabled,
  VoucherEnabled,
  VoucherUpdated,
} from './voucher.events.js';
import { codeMaker } from './code-generator.js';
import {
  codeSpaceExhausted,
  duplicateCode,
  noTemplate,
  voucherNotFound,
  voucherNotInBin,
} from './voucher.errors.js';
import { presentSimpleVoucher, presentVoucher, type VoucherJson } from './voucher.presenter.js';
import * as repo from './voucher.repository.js';
import { scheduleColumns, type VoucherFieldsIn, voucherPrototype } from './voucher.rules.js';
import type { VoucherCreateIn, VoucherListQuery, VoucherUpdateIn } from './voucher.schemas.js';
import type { VoucherRow } from './voucher.table.js';
import {
  normaliseCodeConfig,
  normaliseDiscount,
  normaliseGift,
  normaliseQuantity,
} from './voucher-template.js';

type Ctx = Pick<AppContext, 'db' | 'clock' | 'outboxBell' | 'jobsBell'>;

/** A voucher with the name of its campaign, ready to present. */
export interface VoucherView {
  row: VoucherRow;
  campaign: CampaignRow | null;
}

export const viewJson = (v: VoucherView) => presentVoucher(v.row, v.campaign?.name ?? null);

/** The voucher object with its validation-rule assignments, read through `db` (a transaction's, for events). */
export async function voucherJson(db: Ctx['db']['kysely'], v: VoucherView): Promise<VoucherJson> {
  const [out] = await fillAssignments(db, v.row.project_id, [viewJson(v)]);
  return out!;
}

/**
 * `{voucher, campaign}`: the data of every voucher.* event. A standalone voucher has no `campaign` key (the
 * wire rule leaves out what has no value; the schema's `campaign` is a SimpleCampaign object).
 */
async function voucherEvent(tx: Tx, v: VoucherView) {
  const voucher = await voucherJson(tx.db, v);
  return v.campaign ? { voucher, campaign: presentSimpleCampaign(v.campaign) } : { voucher };
}

/** Tries random codes of the config until one is free; a space with none left is a 409. */
async function insertWithNewCode(
  tx: Tx,
  proto: Omit<VoucherRow, 'id' | 'code'>,
  cfgIn: unknown,
  campaign: CampaignRow | null,
) {
  const cfg = cfgIn
    ? normaliseCodeConfig(cfgIn as Parameters<typeof normaliseCodeConfig>[0])
    : (campaign && campaignTemplate(campaign)?.code_config) || normaliseCodeConfig(null);
  const make = codeMaker(cfg);
  for (let i = 0; i < 20; i++) {
    const row: VoucherRow = { ...proto, id: newId('voucher'), code: make() };
    if ((await repo.insertVouchersSkippingTaken(tx.db, [row])).size === 1) return row;
  }
  throw codeSpaceExhausted();
}

async function insertWithCode(tx: Tx, proto: Omit<VoucherRow, 'id' | 'code'>, code: string) {
  const row: VoucherRow = { ...proto, id: newId('voucher'), code };
  // ON CONFLICT DO NOTHING rather than catching the violation: on PostgreSQL a failed statement aborts the
  // transaction, and two creates of one code at once must end in one voucher and one 409.
  if ((await repo.insertVouchersSkippingTaken(tx.db, [row])).size === 0) throw duplicateCode(code);
  return row;
}

/**
 * Creates one voucher and records `voucher.created`; in a campaign it also records `campaign.vouchers.added`
 * (count 1, no async action), as a voucher was appended to it.
 */
export async function createOne(
  tx: Tx,
  caller: Caller,
  campaign: CampaignRow | null,
  fields: VoucherFieldsIn,
  code: string | undefined,
  codeConfig: unknown,
): Promise<VoucherView> {
  if (campaign && !campaignTemplate(campaign)) throw noTemplate(campaign.id);
  const proto = voucherPrototype(caller.projectId, campaign, fields, tx.now);
  const row =
    code !== undefined
      ? await insertWithCode(tx, proto, code)
      : await insertWithNewCode(tx, proto, codeConfig, campaign);
  const view = { row, campaign };
  await recordEventFor(tx, caller, VoucherCreated, row.id, await voucherEvent(tx, view));
  if (campaign) {
    await addToVouchersCount(tx.db, campaign.id, 1);
    const after = { ...campaign, vouchers_count: campaign.vouchers_count + 1 };
    await recordEventFor(tx, caller, CampaignVouchersAdded, campaign.id, {
      campaign: presentSimpleCampaign(after),
      count: 1,
      completed_at: iso(tx.now),
      async_action_id: null,
    });
  }
  return view;
}

/**
 * `POST /v1/vouchers` and `POST /v1/vouchers/{code}`: a standalone voucher, or one in `campaign`/`campaign_id`.
 * Each rule of `validation_rules` is assigned to the voucher after its creation events.
 */
export async function createVoucher(ctx: Ctx, caller: Caller, input: VoucherCreateIn, code?: string) {
  return transact(ctx, async (tx) => {
    const ref = input.campaign_id ?? input.campaign;
    const campaign = ref ? await lockLiveCampaign(tx, caller.projectId, ref) : null;
    const {
      code: bodyCode,
      campaign: _c,
      campaign_id: _ci,
      code_config,
      validation_rules,
      ...fields
    } = input;
    const view = await createOne(tx, caller, campaign, fields, code ?? bodyCode, code_config);
    await assignRulesInline(tx, caller, 'validation_rules', validation_rules ?? [], {
      type: 'voucher',
      id: view.row.id,
      voucher: presentSimpleVoucher(view.row, campaign?.name ?? null),
      campaign: campaign ? presentSimpleCampaign(campaign) : null,
    });
    return view;
  });
}

async function campaignOf(db: Ctx['db']['kysely'], row: VoucherRow): Promise<CampaignRow | null> {
  if (row.campaign_id === null) return null;
  return (await findAnyCampaign(db, row.project_id, row.campaign_id)) ?? null;
}

/**
 * A voucher by id or code as `SimpleVoucher`, with its campaign as `SimpleCampaign`: what events about other
 * objects (validation-rule assignments) carry. Binned vouchers are found only with `includeBinned`.
 */
export async function findVoucherSummary(
  db: Ctx['db']['kysely'],
  projectId: string,
  idOrCode: string,
  includeBinned = false,
): Promise<{ id: string; voucher: VoucherJson; campaign: Record<string, unknown> | null } | undefined> {
  const row = await repo.findAnyVoucher(db, projectId, idOrCode);
  if (!row || (row.deleted_at !== null && !includeBinned)) return undefined;
  const campaign = await campaignOf(db, row);
  return {
    id: row.id,
    voucher: presentSimpleVoucher(row, campaign?.name ?? null),
    campaign: campaign ? presentSimpleCampaign(campaign) : null,
  };
}

export async function getVoucher(
  ctx: Pick<Ctx, 'db'>,
  projectId: string,
  code: string,
): Promise<VoucherView> {
  const row = await repo.findVoucher(ctx.db.kysely, projectId, code);
  if (!row) throw voucherNotFound(code);
  return { row, campaign: await campaignOf(ctx.db.kysely, row) };
}

async function lockLive(tx: Tx, projectId: string, code: string): Promise<VoucherView> {
  const found = await repo.findVoucher(tx.db, projectId, code);
  const row = found && (await repo.lockVoucher(tx, found.id));
  if (!row || row.deleted_at !== null) throw voucherNotFound(code);
  return { row, campaign: await campaignOf(tx.db, row) };
}

function updatePatch(
  row: VoucherRow,
  input: VoucherUpdateIn,
  campaign: CampaignRow | null,
): Partial<VoucherRow> {
  if (input.type !== undefined && input.type !== row.type)
    throw invalidPayload(
      `A voucher's type cannot change (it is ${row.type}, the request says ${input.type})`,
    );
  const patch: Partial<VoucherRow> = {};
  if (input.discount !== undefined) {
    if (row.type !== 'DISCOUNT_VOUCHER') throw invalidPayload(`${row.type} vouchers have no discount`);
    patch.discount = JSON.stringify(normaliseDiscount(input.discount));
  }
  if (input.gift !== undefined) {
    if (row.type !== 'GIFT_VOUCHER') throw invalidPayload(`${row.type} vouchers have no gift`);
    const gift = normaliseGift(input.gift);
    // Changing the amount moves the balance by the same difference; what was spent stays spent.
    patch.gift_balance = (row.gift_balance ?? 0) + gift.amount - (row.gift_amount ?? 0);
    patch.gift_amount = gift.amount;
    if (gift.effect) patch.gift_effect = gift.effect;
  }
  if (input.category !== undefined) patch.category = input.category;
  if (input.category_id) throw invalidPayload(`category_id ${input.category_id} is unknown; use category`);
  if (input.active !== undefined) patch.active = input.active ? 1 : 0;
  if (input.additional_info !== undefined) patch.additional_info = input.additional_info;
  if (input.metadata !== undefined) patch.metadata = JSON.stringify(input.metadata ?? {});
  if (input.redemption?.quantity !== undefined)
    patch.redemption_quantity = normaliseQuantity(input.redemption.quantity);
  const current = {
    start_date: row.start_date === null ? null : new Date(row.start_date).toISOString(),
    expiration_date: row.expiration_date === null ? null : new Date(row.expiration_date).toISOString(),
    validity_timeframe: row.validity_timeframe === null ? null : JSON.parse(row.validity_timeframe),
    validity_day_of_week: row.validity_day_of_week === null ? null : JSON.parse(row.validity_day_of_week),
    validity_hours: row.validity_hours === null ? null : JSON.parse(row.validity_hours),
  };
  const schedule = scheduleColumns({ ...current, ...pickGiven(input) }, campaign);
  return { ...patch, ...schedule };
}

function pickGiven(input: VoucherUpdateIn) {
  const out: Record<string, unknown> = {};
  for (const k of [
    'start_date',
    'expiration_date',
    'validity_timeframe',
    'validity_day_of_week',
    'validity_hours',
  ] as const)
    if (input[k] !== undefined) out[k] = input[k];
  return out;
}

/**
 * `PUT /v1/vouchers/{code}`: records `voucher.updated`; when `active` flips, `voucher.enabled` or
 * `voucher.disabled` follows in the same transaction, so a receiver that only watches those sees every flip.
 */
export async function updateVoucher(ctx: Ctx, caller: Caller, code: string, input: VoucherUpdateIn) {
  return transact(ctx, async (tx) => {
    const { row, campaign } = await lockLive(tx, caller.projectId, code);
    const patch = { ...updatePatch(row, input, campaign), updated_at: tx.now };
    await repo.updateVoucherRow(tx.db, row.id, patch);
    const view = { row: { ...row, ...patch }, campaign };
    await recordEventFor(tx, caller, VoucherUpdated, row.id, await voucherEvent(tx, view));
    if (patch.active !== undefined && patch.active !== row.active)
      await recordEventFor(
        tx,
        caller,
        patch.active === 1 ? VoucherEnabled : VoucherDisabled,
        row.id,
        await voucherEvent(tx, view),
      );
    return view;
  });
}

/** `POST /v1/vouchers/{code}/enable|disable`: sets `active`; records voucher.enabled or voucher.disabled. */
export async function setVoucherActive(ctx: Ctx, caller: Caller, code: string, active: boolean) {
  return transact(ctx, async (tx) => {
    const { row, campaign } = await lockLive(tx, caller.projectId, code);
    const patch = { active: active ? 1 : 0, updated_at: tx.now };
    await repo.updateVoucherRow(tx.db, row.id, patch);
    const view = { row: { ...row, ...patch }, campaign };
    await recordEventFor(
      tx,
      caller,
      active ? VoucherEnabled : VoucherDisabled,
      row.id,
      await voucherEvent(tx, view),
    );
    return view;
  });
}

/**
 * `DELETE /v1/vouchers/{code}`: to the bin (the code stays taken, and `POST …/restore` brings it back), or
 * with `force` removed for good, which frees the code. Records `voucher.deleted` either way.
 */
export async function deleteVoucher(ctx: Ctx, caller: Caller, code: string, force: boolean): Promise<void> {
  await transact(ctx, async (tx) => {
    const view = await lockLive(tx, caller.projectId, code);
    if (force) await repo.deleteVoucherRow(tx.db, view.row.id);
    else await repo.updateVoucherRow(tx.db, view.row.id, { deleted_at: tx.now });
    if (view.campaign) await addToVouchersCount(tx.db, view.campaign.id, -1);
    await recordEventFor(tx, caller, VoucherDeleted, view.row.id, await voucherEvent(tx, view));
  });
}

/** `POST /v1/vouchers/{code}/restore` (our extension): brings a binned voucher back. Records no event. */
export async function restoreVoucher(ctx: Ctx, caller: Caller, code: string): Promise<VoucherView> {
  return transact(ctx, async (tx) => {
    const found = await repo.findAnyVoucher(tx.db, caller.projectId, code);
    const row = found && (await repo.lockVoucher(tx, found.id));
    if (!row) throw voucherNotFound(code);
    if (row.deleted_at === null) throw voucherNotInBin(code);
    const campaign = await campaignOf(tx.db, row);
    if (campaign?.deleted_at != null)
      throw invalidPayload(
        `Voucher ${code} is in the bin with campaign ${campaign.id}; restore the campaign`,
      );
    await repo.updateVoucherRow(tx.db, row.id, { deleted_at: null, updated_at: tx.now });
    if (campaign) await addToVouchersCount(tx.db, campaign.id, 1);
    return { row: { ...row, deleted_at: null, updated_at: tx.now }, campaign };
  });
}

/** `GET /v1/vouchers`: filters by campaign (id or name), category and holder (`customer`). */
export async function listVouchers(ctx: Pick<Ctx, 'db'>, projectId: string, q: VoucherListQuery) {
  let campaignId: string | undefined;
  const ref = q.campaign_id ?? q.campaign;
  if (ref !== undefined) {
    try {
      campaignId = (await getCampaign(ctx, projectId, ref)).id;
    } catch (e) {
      if (isAppError(e) && e.status === 404) return { rows: [], total: 0, names: new Map<string, string>() };
      throw e;
    }
  }
  const filter = { projectId, campaignId, category: q.category, holderId: q.customer, code: q.code };
  const total = await repo.countVouchers(ctx.db.kysely, filter);
  const rows = await repo.selectVouchers(
    ctx.db.kysely,
    filter,
    q.order ?? '-created_at',
    q.limit,
    (q.page - 1) * q.limit,
  );
  const names = await campaignNames(
    ctx.db.kysely,
    rows.flatMap((r) => (r.campaign_id ? [r.campaign_id] : [])),
  );
  return { rows, total, names };
}
