import { type CampaignRow, lockLiveCampaign, readLiveCampaign } from '../campaigns/index.js';
import type { AppContext } from '../platform/context.js';
import { type Tx, transact } from '../platform/db/transaction.js';
import { newId } from '../platform/ids.js';
import { METADATA_MAX_BYTES } from '../platform/schemas.js';
import type { Caller } from '../projects/index.js';
import { rewardsByIds } from '../rewards/index.js';
import { segmentExists } from '../segments/index.js';
import {
  coinRewardRefused,
  metadataTooLarge,
  minRefereesNotTaken,
  minRefereesRequired,
  noReward,
  notAReferralCampaign,
  rewardListedTwice,
  rewardNotFound,
  segmentNotFound,
  tierNotFound,
} from './referral.errors.js';
import {
  ReferralTierCreated,
  ReferralTierDeleted,
  ReferralTierUpdated,
  recordTierEvent,
} from './referral.events.js';
import * as repo from './referral.repository.js';
import type { TierCreateIn, TierListQuery, TierUpdateIn } from './referral.schemas.js';
import type { ReferralTierRow } from './referral.table.js';

/**
 * Referral tiers of a REFERRAL_PROGRAM campaign (`/v1/referrals/{campaignId}/tiers`, Vouchsafe's own): what
 * a referrer is given, and when. Each change records its `campaign.referral_tier.*` event in the same
 * transaction. What a conversion does with the tiers is in `referral-conversion.service.ts`.
 */

type Ctx = Pick<AppContext, 'db' | 'clock' | 'outboxBell'>;

async function lockReferralCampaign(tx: Tx, projectId: string, ref: string): Promise<CampaignRow> {
  const campaign = await lockLiveCampaign(tx, projectId, ref);
  if (campaign.campaign_type !== 'REFERRAL_PROGRAM')
    throw notAReferralCampaign(campaign.id, campaign.campaign_type);
  return campaign;
}

/** The tier's rewards: one or more, each existing, none twice, none paid with points. */
async function checkRewards(tx: Tx, projectId: string, rewards: { id: string }[]): Promise<string> {
  if (rewards.length === 0) throw noReward();
  const found = new Map(
    (
      await rewardsByIds(
        tx,
        projectId,
        rewards.map((r) => r.id),
      )
    ).map((r) => [r.id, r]),
  );
  const seen = new Set<string>();
  for (const [i, r] of rewards.entries()) {
    const reward = found.get(r.id);
    if (!reward) throw rewardNotFound(i, r.id);
    if (seen.has(r.id)) throw rewardListedTwice(i, r.id);
    if (reward.type === 'COIN') throw coinRewardRefused(i, r.id);
    seen.add(r.id);
  }
  return JSON.stringify(rewards.map((r) => ({ id: r.id })));
}

async function checkSegment(tx: Tx, projectId: string, id: string): Promise<void> {
  if (!(await segmentExists(tx.db, projectId, id))) throw segmentNotFound(id);
}

function criteriaOf(c: TierCreateIn['criteria']) {
  if (c.type === 'MIN_REFEREES') {
    if (c.min_referees === undefined) throw minRefereesRequired();
    return { criteria_type: c.type, min_referees: c.min_referees };
  }
  if (c.min_referees !== undefined) throw minRefereesNotTaken();
  return { criteria_type: c.type, min_referees: 1 };
}

function checkMetadata(metadata: unknown): void {
  if (metadata != null && Buffer.byteLength(JSON.stringify(metadata), 'utf8') > METADATA_MAX_BYTES)
    throw metadataTooLarge(METADATA_MAX_BYTES);
}

/** `POST /v1/referrals/{campaignId}/tiers`: records `campaign.referral_tier.created`. */
export async function createTier(ctx: Ctx, caller: Caller, campaignRef: string, input: TierCreateIn) {
  checkMetadata(input.metadata);
  const criteria = criteriaOf(input.criteria);
  const segmentId = input.parameters?.segment?.id ?? null;
  return transact(ctx, async (tx) => {
    const campaign = await lockReferralCampaign(tx, caller.projectId, campaignRef);
    const rewards = await checkRewards(tx, caller.projectId, input.rewards);
    if (segmentId) await checkSegment(tx, caller.projectId, segmentId);
    const row: ReferralTierRow = {
      id: newId('referralTier'),
      project_id: caller.projectId,
      campaign_id: campaign.id,
      banner: input.banner ?? null,
      segment_id: segmentId,
      ...criteria,
      rewards,
      metadata: JSON.stringify(input.metadata ?? {}),
      created_at: tx.now,
      updated_at: null,
    };
    await repo.insertTier(tx.db, row);
    await recordTierEvent(tx, caller, ReferralTierCreated, campaign, row);
    return { row, campaign };
  });
}

async function lockTierOf(tx: Tx, projectId: string, campaignRef: string, tierId: string) {
  const campaign = await lockReferralCampaign(tx, projectId, campaignRef);
  const row = await repo.lockTier(tx, projectId, tierId);
  if (!row || row.campaign_id !== campaign.id) throw tierNotFound(tierId);
  return { campaign, row };
}

/** `PUT /v1/referrals/{campaignId}/tiers/{id}`: records `campaign.referral_tier.updated`. */
export async function updateTier(
  ctx: Ctx,
  caller: Caller,
  campaignRef: string,
  tierId: string,
  input: TierUpdateIn,
) {
  checkMetadata(input.metadata);
  const criteria = input.criteria ? criteriaOf(input.criteria) : {};
  return transact(ctx, async (tx) => {
    const { campaign, row } = await lockTierOf(tx, caller.projectId, campaignRef, tierId);
    const patch: Partial<ReferralTierRow> = { ...criteria, updated_at: tx.now };
    if (input.banner !== undefined) patch.banner = input.banner;
    if (input.rewards !== undefined) patch.rewards = await checkRewards(tx, caller.projectId, input.rewards);
    if (input.parameters?.segment !== undefined) {
      const id = input.parameters.segment?.id ?? null;
      if (id) await checkSegment(tx, caller.projectId, id);
      patch.segment_id = id;
    }
    if (input.metadata !== undefined) patch.metadata = JSON.stringify(input.metadata ?? {});
    await repo.updateTierRow(tx.db, row.id, patch);
    const after = { ...row, ...patch };
    await recordTierEvent(tx, caller, ReferralTierUpdated, campaign, after);
    return { row: after, campaign };
  });
}

/** `DELETE /v1/referrals/{campaignId}/tiers/{id}`: records `campaign.referral_tier.deleted` (its last state). */
export async function deleteTier(ctx: Ctx, caller: Caller, campaignRef: string, tierId: string) {
  await transact(ctx, async (tx) => {
    const { campaign, row } = await lockTierOf(tx, caller.projectId, campaignRef, tierId);
    await repo.deleteTierRow(tx.db, row.id);
    await recordTierEvent(tx, caller, ReferralTierDeleted, campaign, row);
  });
}

async function readReferralCampaign(ctx: Ctx, projectId: string, ref: string) {
  const campaign = await readLiveCampaign(ctx.db.kysely, projectId, ref);
  if (campaign.campaign_type !== 'REFERRAL_PROGRAM')
    throw notAReferralCampaign(campaign.id, campaign.campaign_type);
  return campaign;
}

/** `GET /v1/referrals/{campaignId}/tiers/{id}`. */
export async function getTier(ctx: Ctx, projectId: string, campaignRef: string, tierId: string) {
  const campaign = await readReferralCampaign(ctx, projectId, campaignRef);
  const row = await repo.findTier(ctx.db.kysely, projectId, tierId);
  if (!row || row.campaign_id !== campaign.id) throw tierNotFound(tierId);
  return { row, campaign };
}

/** `GET /v1/referrals/{campaignId}/tiers`, oldest first. */
export async function listTiers(ctx: Ctx, projectId: string, campaignRef: string, q: TierListQuery) {
  const campaign = await readReferralCampaign(ctx, projectId, campaignRef);
  const total = await repo.countTiers(ctx.db.kysely, campaign.id);
  const rows = await repo.selectTiers(ctx.db.kysely, campaign.id, {
    limit: q.limit,
    offset: (q.page - 1) * q.limit,
  });
  return { rows, campaign, total };
}
