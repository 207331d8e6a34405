import { type CampaignRow, presentSimpleCampaign } from '../campaigns/index.js';
import type { AppContext } from '../platform/context.js';
import type { Kx } from '../platform/db/connect.js';
import { type Tx, transact } from '../platform/db/transaction.js';
import { invalidPayload } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import type { Caller } from '../projects/index.js';
import { recordEventFor } from '../webhooks/index.js';
import { tierNotFound } from './loyalty.errors.js';
import { TierCreated, TierDeleted, TierUpdated } from './loyalty.events.js';
import { findLoyaltyCard, loyaltyCampaign, type TierMapping } from './loyalty-member.service.js';
import { tierFor } from './loyalty-points.service.js';
import { presentTier } from './loyalty.presenter.js';
import * as repo from './loyalty.repository.js';
import type { LoyaltyTierRow } from './loyalty.table.js';
import type { TierIn, TierListQuery, TierUpdateIn } from './loyalty.schemas.js';
import { lockLoyaltyProgram } from './loyalty-program.lock.js';

/**
 * Tiers of a loyalty program (`ltr_…`): points ranges `{from, to}` (inclusive; no `to`, no top) that never
 * overlap within a program, with per-tier mappings of earning rules and rewards. A member's tier is the one
 * whose range holds its balance. Changes lock the program's campaign row, so two requests cannot both add
 * overlapping ranges.
 */

type Ctx = Pick<AppContext, 'db' | 'clock' | 'outboxBell'>;

const overlaps = (a: Pick<LoyaltyTierRow, 'points_from' | 'points_to'>, b: typeof a) =>
  a.points_from <= (b.points_to ?? Number.POSITIVE_INFINITY) &&
  b.points_from <= (a.points_to ?? Number.POSITIVE_INFINITY);

function checkRanges(tiers: LoyaltyTierRow[], field: (i: number) => string, fresh: Set<string>): void {
  for (const [i, t] of tiers.entries()) {
    if (t.points_to !== null && t.points_to < t.points_from)
      throw invalidPayload(`${field(i)}.points.to must not be below points.from`);
    for (const o of tiers.slice(0, i))
      if (overlaps(t, o)) {
        const which = fresh.has(t.id) ? field(i) : field(tiers.indexOf(o));
        throw invalidPayload(`${which}.points overlaps the range of tier ${o.name} (${o.id})`);
      }
  }
}

async function recordTier(
  tx: Tx,
  caller: Caller,
  event: typeof TierCreated,
  campaign: CampaignRow,
  row: LoyaltyTierRow,
) {
  await recordEventFor(tx, caller, event, row.id, {
    campaign: presentSimpleCampaign(campaign),
    loyalty_tier: presentTier(row),
  });
}

/** `POST /v1/loyalties/{campaignId}/tiers`: the tiers in the body's order, one `campaign.loyalty_tier.created` each. */
export async function createTiers(ctx: Ctx, caller: Caller, campaignRef: string, input: TierIn[]) {
  return transact(ctx, async (tx) => {
    const campaign = await lockLoyaltyProgram(tx, caller.projectId, campaignRef);
    const existing = await repo.campaignTiers(tx.db, campaign.id);
    const rows: LoyaltyTierRow[] = input.map((t) => ({
      id: newId('loyaltyTier'),
      project_id: caller.projectId,
      campaign_id: campaign.id,
      name: t.name,
      points_from: t.points.from,
      points_to: t.points.to ?? null,
      earning_rules: JSON.stringify(t.earning_rules ?? {}),
      rewards: JSON.stringify(t.rewards ?? {}),
      metadata: JSON.stringify(t.metadata ?? {}),
      created_at: tx.now,
      updated_at: null,
    }));
    const fresh = new Set(rows.map((r) => r.id));
    // Positions of the request's own tiers name the field; a clash with a stored tier names the request's.
    const all = [...existing, ...rows];
    checkRanges(all, (i) => `[${Math.max(0, i - existing.length)}]`, fresh);
    for (const row of rows) {
      await repo.insertTier(tx.db, row);
      await recordTier(tx, caller, TierCreated, campaign, row);
    }
    return rows.map(presentTier);
  });
}

export async function listTiers(
  ctx: Pick<Ctx, 'db'>,
  projectId: string,
  campaignRef: string,
  q: TierListQuery,
) {
  const campaign = await loyaltyCampaign(ctx.db.kysely, projectId, campaignRef);
  let rows = await repo.campaignTiers(ctx.db.kysely, campaign.id);
  if (q.order) {
    const key = q.order.replace('-', '') as 'created_at' | 'updated_at';
    const dir = q.order.startsWith('-') ? -1 : 1;
    rows = [...rows].sort((a, b) => dir * ((a[key] ?? 0) - (b[key] ?? 0)));
  }
  const page = rows.slice((q.page - 1) * q.limit, q.page * q.limit);
  return { data: page.map(presentTier), total: rows.length };
}

export async function getTier(ctx: Pick<Ctx, 'db'>, projectId: string, campaignRef: string, tierId: string) {
  return presentTier((await loyaltyTier(ctx.db.kysely, projectId, campaignRef, tierId)).row);
}

/** A tier of a live program, with its mapping of earning rules by id; 404 for an unknown tier. */
export async function loyaltyTier(db: Kx, projectId: string, campaignRef: string, tierId: string) {
  const campaign = await loyaltyCampaign(db, projectId, campaignRef);
  const row = await repo.findTier(db, campaign.id, tierId);
  if (!row) throw tierNotFound(tierId);
  return { campaign, row, earningRules: JSON.parse(row.earning_rules) as Record<string, TierMapping> };
}

/** `PUT /v1/loyalties/{campaignId}/tiers/{tierId}` (our extension): records `campaign.loyalty_tier.updated`. */
export async function updateTier(
  ctx: Ctx,
  caller: Caller,
  campaignRef: string,
  tierId: string,
  input: TierUpdateIn,
) {
  return transact(ctx, async (tx) => {
    const campaign = await lockLoyaltyProgram(tx, caller.projectId, campaignRef);
    const tiers = await repo.campaignTiers(tx.db, campaign.id);
    const row = tiers.find((t) => t.id === tierId);
    if (!row) throw tierNotFound(tierId);
    const next: LoyaltyTierRow = {
      ...row,
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.points ? { points_from: input.points.from, points_to: input.points.to ?? null } : {}),
      ...(input.earning_rules ? { earning_rules: JSON.stringify(input.earning_rules) } : {}),
      ...(input.rewards ? { rewards: JSON.stringify(input.rewards) } : {}),
      ...(input.metadata !== undefined ? { metadata: JSON.stringify(input.metadata ?? {}) } : {}),
      updated_at: tx.now,
    };
    checkRanges([...tiers.filter((t) => t.id !== tierId), next], () => 'points', new Set([tierId]));
    await repo.updateTierRow(tx.db, tierId, next);
    await recordTier(tx, caller, TierUpdated, campaign, next);
    return presentTier(next);
  });
}

/** `DELETE /v1/loyalties/{campaignId}/tiers/{tierId}` (our extension): records `campaign.loyalty_tier.deleted`. */
export async function deleteTier(ctx: Ctx, caller: Caller, campaignRef: string, tierId: string) {
  return transact(ctx, async (tx) => {
    const campaign = await lockLoyaltyProgram(tx, caller.projectId, campaignRef);
    const row = await repo.findTier(tx.db, campaign.id, tierId);
    if (!row) throw tierNotFound(tierId);
    await repo.deleteTierRow(tx.db, tierId);
    await recordTier(tx, caller, TierDeleted, campaign, row);
  });
}

/** `GET /v1/loyalties/members/{memberId}/tiers`: the member's tier (none, or one), with since when. */
export async function listMemberTiers(ctx: Pick<Ctx, 'db'>, projectId: string, memberId: string) {
  const db = ctx.db.kysely;
  const { card } = await findLoyaltyCard(db, projectId, memberId);
  const tiers = card.campaign_id ? await repo.campaignTiers(db, card.campaign_id) : [];
  const tier = tierFor(tiers, card.loyalty_balance ?? 0);
  if (!tier) return { data: [], total: 0 };
  const held = await repo.findMemberTier(db, card.id);
  const since = held?.tier_id === tier.id ? held.created_at : card.created_at;
  const { object, ...tierJson } = presentTier(tier);
  const expiration = {
    customer_id: card.holder_id,
    campaign_id: tier.campaign_id,
    tier_id: tier.id,
    start_date: new Date(since).toISOString().slice(0, 10),
    created_at: new Date(since).toISOString(),
  };
  const out = { ...tierJson, expiration, object };
  return { data: [out], total: 1 };
}
