import {
  type CampaignRow,
  findAnyCampaign,
  lockLiveCampaign,
  presentSimpleCampaign,
  readLiveCampaign,
} from '../campaigns/index.js';
import type { AppContext } from '../platform/context.js';
import type { Kx } from '../platform/db/connect.js';
import { type Tx, transact } from '../platform/db/transaction.js';
import { invalidPayload, notFound } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import type { Caller } from '../projects/index.js';
import { assignRulesInline, unassignDeletedObject } from '../validation-rules/index.js';
import {
  checkDateOrder,
  checkValidity,
  jsonOrNull,
  normaliseDiscount,
  parseDate,
} from '../vouchers/index.js';
import { recordEventFor } from '../webhooks/index.js';
import { notPromotionCampaign, tierNeedsDiscount, tierNotFound } from './promotion.errors.js';
import { TierCreated, TierDeleted, TierDisabled, TierEnabled, TierUpdated } from './promotion.events.js';
import { type Json, presentSimpleTier, tiersJson } from './promotion.presenter.js';
import * as repo from './promotion.repository.js';
import type { TierCreateIn, TierListQuery, TierUpdateIn } from './promotion.schemas.js';
import type { PromotionTierRow } from './promotion.table.js';

type Ctx = Pick<AppContext, 'db' | 'clock' | 'outboxBell'>;

/** The most tiers a campaign is created with (`promotion.tiers`); more are added one by one. */
const MAX_INLINE_TIERS = 30;

/** The campaign a tier is created in: a live PROMOTION campaign, locked for the transaction. */
async function promotionCampaign(tx: Tx, projectId: string, idOrName: string, field: string) {
  const c = await lockLiveCampaign(tx, projectId, idOrName);
  if (c.campaign_type !== 'PROMOTION') throw notPromotionCampaign(field, c.id, c.campaign_type);
  return c;
}

/** Any category id is unknown while categories are not kept: a 404, as campaigns answer. */
function checkCategory(categoryId: string | null | undefined): void {
  if (categoryId) throw notFound('category', categoryId);
}

/** The date and validity columns a body sets, checked together with what the row keeps. */
function scheduleOf(row: Partial<PromotionTierRow>, input: TierUpdateIn, field: string) {
  const patch: Partial<PromotionTierRow> = {};
  const start = parseDate(input.start_date, `${field}start_date`);
  const end = parseDate(input.expiration_date, `${field}expiration_date`);
  if (start !== undefined) patch.start_date = start;
  if (end !== undefined) patch.expiration_date = end;
  if (input.validity_timeframe !== undefined) patch.validity_timeframe = jsonOrNull(input.validity_timeframe);
  if (input.validity_day_of_week !== undefined)
    patch.validity_day_of_week = jsonOrNull(input.validity_day_of_week);
  if (input.validity_hours !== undefined) patch.validity_hours = jsonOrNull(input.validity_hours);
  const next = { start_date: null, expiration_date: null, ...row, ...patch };
  checkDateOrder(next.start_date, next.expiration_date);
  checkValidity(
    {
      validity_timeframe: input.validity_timeframe,
      validity_hours: input.validity_hours as Record<string, unknown> | null | undefined,
    },
    next.start_date,
  );
  return patch;
}

/** A new tier's row; `field` prefixes the names in errors (`promotion.tiers.0.` for inline tiers). */
async function tierRowFrom(
  tx: Tx,
  caller: Caller,
  campaign: CampaignRow,
  input: TierCreateIn,
  field = '',
): Promise<PromotionTierRow> {
  if (typeof input.name !== 'string' || input.name.length === 0)
    throw invalidPayload(`${field}name is required`);
  checkCategory(input.category_id);
  if (!input.action?.discount) throw tierNeedsDiscount(field);
  const discount = normaliseDiscount(input.action.discount, `${field}action.discount`);
  return {
    id: newId('promotionTier'),
    project_id: caller.projectId,
    campaign_id: campaign.id,
    name: input.name,
    banner: input.banner ?? null,
    action: JSON.stringify({ discount }),
    hierarchy: input.hierarchy ?? (await repo.nextHierarchy(tx.db, campaign.id)),
    active: input.active === false ? 0 : 1,
    start_date: null,
    expiration_date: null,
    validity_timeframe: null,
    validity_day_of_week: null,
    validity_hours: null,
    ...scheduleOf({}, input, field),
    category: input.category ?? null,
    metadata: JSON.stringify(input.metadata ?? {}),
    total_redeemed: 0,
    orders_total_amount: 0,
    orders_total_discount_amount: 0,
    created_at: tx.now,
    updated_at: null,
  };
}

async function eventData(tx: Tx, row: PromotionTierRow, campaign: CampaignRow) {
  const [tier] = await tiersJson(tx.db, row.project_id, [{ row, campaign }]);
  return { campaign: presentSimpleCampaign(campaign), promotion_tier: tier! };
}

/** Creates a tier in the locked PROMOTION campaign: campaign.promotion_tier.created, then its rules' assignments. */
async function addTier(tx: Tx, caller: Caller, campaign: CampaignRow, input: TierCreateIn, field = '') {
  const row = await tierRowFrom(tx, caller, campaign, input, field);
  await repo.insertTier(tx.db, row);
  await recordEventFor(tx, caller, TierCreated, row.id, await eventData(tx, row, campaign));
  await assignRulesInline(tx, caller, `${field}validation_rules`, input.validation_rules ?? [], {
    type: 'promotion_tier',
    id: row.id,
    voucher: null,
    campaign: presentSimpleCampaign(campaign),
    promotionTier: presentSimpleTier(row),
  });
  return row;
}

/**
 * The inline `promotion.tiers` of `POST /v1/campaigns` for a PROMOTION campaign, in the campaign's
 * transaction: one campaign.promotion_tier.created per tier, after campaign.created.
 */
export async function createTiersInline(
  tx: Tx,
  caller: Caller,
  campaign: CampaignRow,
  tiers: unknown[],
): Promise<void> {
  if (tiers.length > MAX_INLINE_TIERS)
    throw invalidPayload(
      `promotion.tiers lists ${tiers.length} tiers; a campaign is created with at most ${MAX_INLINE_TIERS}`,
    );
  for (const [k, t] of tiers.entries()) {
    const field = `promotion.tiers.${k}.`;
    if (!t || typeof t !== 'object' || Array.isArray(t))
      throw invalidPayload(`${field.slice(0, -1)} must be an object`);
    await addTier(tx, caller, campaign, t as TierCreateIn, field);
  }
}

/** `POST /v1/promotions/{campaignId}/tiers`. */
export async function createTier(ctx: Ctx, caller: Caller, campaignId: string, input: TierCreateIn) {
  return transact(ctx, async (tx) => {
    const campaign = await promotionCampaign(tx, caller.projectId, campaignId, 'campaignId');
    const row = await addTier(tx, caller, campaign, input);
    return (await tiersJson(tx.db, caller.projectId, [{ row, campaign }]))[0]!;
  });
}

/** A live tier (its campaign live) with its campaign, read through `db`. */
export async function findTierWithCampaign(db: Kx, projectId: string, id: string) {
  const row = await repo.findTier(db, projectId, id);
  if (!row) return null;
  const campaign = await findAnyCampaign(db, projectId, row.campaign_id);
  return campaign ? { row, campaign } : null;
}

export async function getTier(ctx: Pick<Ctx, 'db'>, projectId: string, id: string): Promise<Json> {
  const found = await findTierWithCampaign(ctx.db.kysely, projectId, id);
  if (!found) throw tierNotFound(id);
  return (await tiersJson(ctx.db.kysely, projectId, [found]))[0]!;
}

/** The campaigns of the tiers, each read once. */
async function campaignsOf(db: Kx, projectId: string, rows: PromotionTierRow[]) {
  const campaigns = new Map<string, CampaignRow>();
  for (const id of new Set(rows.map((r) => r.campaign_id))) {
    const c = await findAnyCampaign(db, projectId, id);
    if (c) campaigns.set(id, c);
  }
  return campaigns;
}

async function withCampaigns(db: Kx, projectId: string, rows: PromotionTierRow[]) {
  const campaigns = await campaignsOf(db, projectId, rows);
  return tiersJson(
    db,
    projectId,
    rows.map((row) => ({ row, campaign: campaigns.get(row.campaign_id)! })),
  );
}

/** `GET /v1/promotions/tiers`: every tier of the project; `is_available` keeps those that apply now. */
export async function listTiers(ctx: Pick<Ctx, 'db' | 'clock'>, projectId: string, q: TierListQuery) {
  const db = ctx.db.kysely;
  const filter = { projectId, ...(q.is_available ? { availableAt: ctx.clock.now() } : {}) };
  const total = await repo.countTiers(db, filter);
  const offset = (q.page - 1) * q.limit;
  const rows = await repo.selectTiers(db, filter, q.order ?? 'created_at', q.limit, offset);
  return { tiers: await withCampaigns(db, projectId, rows), total, hasMore: offset + rows.length < total };
}

/** `GET /v1/promotions/{campaignId}/tiers`: the campaign's tiers in hierarchy order. */
export async function listCampaignTiers(ctx: Pick<Ctx, 'db'>, projectId: string, campaignId: string) {
  const db = ctx.db.kysely;
  const campaign = await readLiveCampaign(db, projectId, campaignId);
  if (campaign.campaign_type !== 'PROMOTION')
    throw notPromotionCampaign('campaignId', campaign.id, campaign.campaign_type);
  const rows = await repo.tiersOfCampaign(db, projectId, campaign.id);
  return tiersJson(
    db,
    projectId,
    rows.map((row) => ({ row, campaign })),
  );
}

/** The `promotion` list of a PROMOTION campaign object: its tiers, in hierarchy order. */
export async function campaignPromotion(db: Kx, campaign: CampaignRow): Promise<Json> {
  const rows = await repo.tiersOfCampaign(db, campaign.project_id, campaign.id);
  const tiers = await tiersJson(
    db,
    campaign.project_id,
    rows.map((row) => ({ row, campaign })),
  );
  return { object: 'list', data_ref: 'tiers', tiers, total: tiers.length, has_more: false };
}

async function lockTierWithCampaign(tx: Tx, projectId: string, id: string) {
  const row = await repo.lockTier(tx, projectId, id);
  const campaign = row && (await findAnyCampaign(tx.db, projectId, row.campaign_id));
  if (!row || !campaign) throw tierNotFound(id);
  return { row, campaign };
}

/** `PUT /v1/promotions/tiers/{id}`: the fields given; metadata is replaced. */
export async function updateTier(ctx: Ctx, caller: Caller, id: string, input: TierUpdateIn) {
  return transact(ctx, async (tx) => {
    const { row, campaign } = await lockTierWithCampaign(tx, caller.projectId, id);
    checkCategory(input.category_id);
    const patch: Partial<PromotionTierRow> = { ...scheduleOf(row, input, ''), updated_at: tx.now };
    if (input.name !== undefined) patch.name = input.name;
    if (input.banner !== undefined) patch.banner = input.banner;
    if (input.action?.discount !== undefined)
      patch.action = JSON.stringify({
        discount: normaliseDiscount(input.action.discount, 'action.discount'),
      });
    if (input.hierarchy !== undefined) patch.hierarchy = input.hierarchy;
    if (input.active !== undefined) patch.active = input.active ? 1 : 0;
    if (input.category !== undefined) patch.category = input.category;
    if (input.metadata !== undefined) patch.metadata = JSON.stringify(input.metadata ?? {});
    await repo.updateTierRow(tx.db, row.id, patch);
    const next = { ...row, ...patch };
    const data = await eventData(tx, next, campaign);
    await recordEventFor(tx, caller, TierUpdated, row.id, data);
    return data.promotion_tier;
  });
}

/** `POST /v1/promotions/tiers/{id}/enable|disable`. */
export async function setTierActive(ctx: Ctx, caller: Caller, id: string, active: boolean) {
  return transact(ctx, async (tx) => {
    const { row, campaign } = await lockTierWithCampaign(tx, caller.projectId, id);
    const patch = { active: active ? 1 : 0, updated_at: tx.now };
    await repo.updateTierRow(tx.db, row.id, patch);
    const data = await eventData(tx, { ...row, ...patch }, campaign);
    await recordEventFor(tx, caller, active ? TierEnabled : TierDisabled, row.id, data);
    return data.promotion_tier;
  });
}

/**
 * `DELETE /v1/promotions/tiers/{id}`: campaign.promotion_tier.deleted with the tier's last state (its
 * validation rule assignments as they were), after the assignments are removed, each with its
 * assignment.deleted. Stacks that list the tier keep its id; redeeming such a stack answers the tier's 404.
 */
export async function deleteTier(ctx: Ctx, caller: Caller, id: string): Promise<void> {
  await transact(ctx, async (tx) => {
    const { row, campaign } = await lockTierWithCampaign(tx, caller.projectId, id);
    const data = await eventData(tx, row, campaign);
    await unassignDeletedObject(tx, caller, 'promotion_tier', row.id);
    await repo.deleteTierRow(tx.db, row.id);
    await recordEventFor(tx, caller, TierDeleted, row.id, data);
  });
}

/**
 * The tiers that may apply at `now`: active, of active live campaigns, within both dates; by hierarchy
 * within a campaign, campaigns oldest first. At most `limit` (legacy validation, qualifications).
 */
export async function availableTiers(db: Kx, projectId: string, now: number, limit: number) {
  const rows = await repo.selectTiers(db, { projectId, availableAt: now }, 'created_at', limit, 0);
  const campaigns = await campaignsOf(db, projectId, rows);
  const out = rows.flatMap((row) => {
    const campaign = campaigns.get(row.campaign_id);
    return campaign ? [{ row, campaign }] : [];
  });
  return out.sort((a, b) =>
    a.campaign.created_at !== b.campaign.created_at
      ? a.campaign.created_at - b.campaign.created_at
      : a.row.hierarchy - b.row.hierarchy,
  );
}

/** Adds a successful redemption of the tier to its summary, in the redemption's transaction. */
export async function recordTierRedemption(
  tx: Tx,
  tierId: string,
  order: { amount: number; discount: number },
): Promise<void> {
  await repo.addTierRedemption(tx.db, tierId, order);
}

/** Takes a rolled-back redemption of the tier out of its summary, in the rollback's transaction. */
export async function recordTierRollback(
  tx: Tx,
  tierId: string,
  order: { amount: number; discount: number },
): Promise<void> {
  await repo.addTierRedemption(tx.db, tierId, order, -1);
}

export { promotionCampaign };
