import { type CampaignRow, presentSimpleCampaign, readLiveCampaign } from '../campaigns/index.js';
import type { AppContext } from '../platform/context.js';
import type { Kx } from '../platform/db/connect.js';
import { type Tx, transact } from '../platform/db/transaction.js';
import { notFound } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import type { Caller } from '../projects/index.js';
import { recordEventFor } from '../webhooks/index.js';
import { promotionCampaign } from './promotion-tier.service.js';
import {
  notPromotionCampaign,
  stackNotFound,
  tierListedTwice,
  tierNotFound,
  tierOfOtherCampaign,
} from './promotion.errors.js';
import { StackCreated, StackUpdated } from './promotion.events.js';
import { type Json, presentStack } from './promotion.presenter.js';
import * as repo from './promotion.repository.js';
import type { StackCreateIn, StackListQuery, StackUpdateIn } from './promotion.schemas.js';
import type { PromotionStackRow } from './promotion.table.js';

type Ctx = Pick<AppContext, 'db' | 'clock' | 'outboxBell'>;

/**
 * A stack's tiers: each a live tier of the stack's campaign, each once. An unknown id is a 404 naming the
 * promotion_tier; a tier of another campaign is a 400 naming `tiers.ids`.
 */
async function checkTiers(db: Kx, projectId: string, campaign: CampaignRow, ids: string[]) {
  const seen = new Set<string>();
  for (const [k, id] of ids.entries()) {
    if (seen.has(id)) throw tierListedTwice(`tiers.ids.${k}`, id);
    seen.add(id);
  }
  const found = new Map((await repo.tiersByIds(db, projectId, ids)).map((t) => [t.id, t]));
  for (const [k, id] of ids.entries()) {
    const t = found.get(id);
    if (!t) throw tierNotFound(id);
    if (t.campaign_id !== campaign.id) throw tierOfOtherCampaign(`tiers.ids.${k}`, id, campaign.id);
  }
}

function checkCategory(categoryId: string | null | undefined): void {
  if (categoryId) throw notFound('category', categoryId);
}

const eventData = (campaign: CampaignRow, row: PromotionStackRow) => ({
  campaign: presentSimpleCampaign(campaign),
  promotion_stack: presentStack(row),
});

/** `POST /v1/promotions/{campaignId}/stacks`: records campaign.promotion_stack.created. */
export async function createStack(ctx: Ctx, caller: Caller, campaignId: string, input: StackCreateIn) {
  return transact(ctx, async (tx) => {
    const campaign = await promotionCampaign(tx, caller.projectId, campaignId, 'campaignId');
    checkCategory(input.category_id);
    await checkTiers(tx.db, caller.projectId, campaign, input.tiers.ids);
    const row: PromotionStackRow = {
      id: newId('promotionStack'),
      project_id: caller.projectId,
      campaign_id: campaign.id,
      name: input.name,
      tier_ids: JSON.stringify(input.tiers.ids),
      hierarchy_mode: 'MANUAL',
      category_id: null,
      created_at: tx.now,
      updated_at: null,
    };
    await repo.insertStack(tx.db, row);
    await recordEventFor(tx, caller, StackCreated, row.id, eventData(campaign, row));
    return presentStack(row);
  });
}

async function campaignOf(db: Kx, projectId: string, campaignId: string) {
  const campaign = await readLiveCampaign(db, projectId, campaignId);
  if (campaign.campaign_type !== 'PROMOTION')
    throw notPromotionCampaign('campaignId', campaign.id, campaign.campaign_type);
  return campaign;
}

/** `GET /v1/promotions/{campaignId}/stacks/{stackId}`. */
export async function getStack(ctx: Pick<Ctx, 'db'>, projectId: string, campaignId: string, id: string) {
  const campaign = await campaignOf(ctx.db.kysely, projectId, campaignId);
  const row = await repo.findStack(ctx.db.kysely, projectId, id, campaign.id);
  if (!row) throw stackNotFound(id);
  return presentStack(row);
}

/** A live stack by id (its campaign live), for the redeemables of validations and redemptions. */
export async function findLiveStack(db: Kx, projectId: string, id: string) {
  return (await repo.findStack(db, projectId, id)) ?? null;
}

/** `GET /v1/promotions/stacks` and `GET /v1/promotions/{campaignId}/stacks`. */
export async function listStacks(
  ctx: Pick<Ctx, 'db'>,
  projectId: string,
  q: StackListQuery,
  campaignId?: string,
): Promise<{ data: Json[]; total: number }> {
  const db = ctx.db.kysely;
  const campaign = campaignId === undefined ? undefined : (await campaignOf(db, projectId, campaignId)).id;
  const filter = { projectId, ...(campaign ? { campaignId: campaign } : {}) };
  const total = await repo.countStacks(db, projectId, campaign);
  const rows = await repo.selectStacks(db, filter, q.order ?? 'created_at', q.limit, (q.page - 1) * q.limit);
  return { data: rows.map(presentStack), total };
}

async function lockStackIn(tx: Tx, projectId: string, campaignId: string, id: string) {
  const campaign = await promotionCampaign(tx, projectId, campaignId, 'campaignId');
  const row = await repo.lockStack(tx, projectId, id, campaign.id);
  if (!row) throw stackNotFound(id);
  return { campaign, row };
}

/** `PUT /v1/promotions/{campaignId}/stacks/{stackId}`: records campaign.promotion_stack.updated. */
export async function updateStack(
  ctx: Ctx,
  caller: Caller,
  campaignId: string,
  id: string,
  input: StackUpdateIn,
) {
  return transact(ctx, async (tx) => {
    const { campaign, row } = await lockStackIn(tx, caller.projectId, campaignId, id);
    checkCategory(input.category_id);
    const patch: Partial<PromotionStackRow> = { updated_at: tx.now };
    if (input.name !== undefined) patch.name = input.name;
    if (input.tiers !== undefined) {
      await checkTiers(tx.db, caller.projectId, campaign, input.tiers.ids);
      patch.tier_ids = JSON.stringify(input.tiers.ids);
    }
    await repo.updateStackRow(tx.db, row.id, patch);
    const next = { ...row, ...patch };
    await recordEventFor(tx, caller, StackUpdated, row.id, eventData(campaign, next));
    return presentStack(next);
  });
}

/** `DELETE /v1/promotions/{campaignId}/stacks/{stackId}`: no event (the catalog has none). */
export async function deleteStack(ctx: Ctx, caller: Caller, campaignId: string, id: string) {
  await transact(ctx, async (tx) => {
    const { row } = await lockStackIn(tx, caller.projectId, campaignId, id);
    await repo.deleteStackRow(tx.db, row.id);
  });
}

/** The stacks of the project's live campaigns, oldest first (qualifications). */
export async function projectStacks(db: Kx, projectId: string): Promise<PromotionStackRow[]> {
  return repo.allStacks(db, projectId);
}
