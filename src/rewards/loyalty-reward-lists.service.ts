import { findLoyaltyCard, loyaltyTier } from '../loyalties/index.js';
import type { AppContext } from '../platform/context.js';
import type { Kx } from '../platform/db/connect.js';
import { type Json, presentAssignment, presentReward } from './reward.presenter.js';
import * as repo from './reward.repository.js';
import type { MemberRewardListQuery } from './reward.schemas.js';
import type { RewardAssignmentRow } from './reward.table.js';

/**
 * The rewards a loyalty program offers, as its members and tiers see them: each is the reward with its
 * assignment to the program (the price in points). They read only, and fire no event.
 */

type Ctx = Pick<AppContext, 'db'>;

async function withRewards(db: Kx, projectId: string, rows: RewardAssignmentRow[], object: string) {
  const rewards = new Map(
    (await repo.rewardsByIds(db, projectId, [...new Set(rows.map((r) => r.reward_id))])).map((r) => [
      r.id,
      r,
    ]),
  );
  const out: Json[] = [];
  for (const a of rows) {
    const reward = rewards.get(a.reward_id);
    if (reward) out.push({ reward: presentReward(reward), assignment: presentAssignment(a), object });
  }
  return out;
}

/**
 * `GET /v1/loyalties/members/{memberId}/rewards`: the rewards of the card's program, newest assignment first;
 * with `affordable_only`, those whose price is at most the card's balance (and, with a balance above 0, the
 * COIN rewards, which take what points there are).
 */
export async function listMemberRewards(
  ctx: Ctx,
  projectId: string,
  memberId: string,
  q: MemberRewardListQuery,
) {
  const db = ctx.db.kysely;
  const { card } = await findLoyaltyCard(db, projectId, memberId);
  if (card.campaign_id === null) return { data: [], total: 0 };
  const filter: repo.AssignmentFilter = { projectId, campaignId: card.campaign_id };
  if (q.affordable_only === true) filter.affordableWith = card.loyalty_balance ?? 0;
  const total = await repo.countAssignments(db, filter);
  const rows = await repo.selectAssignments(db, filter, { limit: q.limit, offset: (q.page - 1) * q.limit });
  return { data: await withRewards(db, projectId, rows, 'loyalty_reward'), total };
}

/**
 * `GET /v1/loyalties/{campaignId}/tiers/{tierId}/rewards`: the rewards a member of the tier can buy. Every
 * tier buys every reward of the program at its assignment's price (a tier's `rewards` mappings are kept, not
 * applied), so this is the program's assignments, newest first, at most `MAX_TIER_REWARDS`.
 */
export const MAX_TIER_REWARDS = 1000;

export async function listTierRewards(ctx: Ctx, projectId: string, campaignRef: string, tierId: string) {
  const db = ctx.db.kysely;
  const { campaign } = await loyaltyTier(db, projectId, campaignRef, tierId);
  const filter = { projectId, campaignId: campaign.id };
  const total = await repo.countAssignments(db, filter);
  const rows = await repo.selectAssignments(db, filter, { limit: MAX_TIER_REWARDS, offset: 0 });
  return { data: await withRewards(db, projectId, rows, 'loyalty_tier_reward'), total };
}
