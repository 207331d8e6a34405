import { type CampaignRow, lockLiveCampaign, readLiveCampaign } from '../campaigns/index.js';
import type { AppContext } from '../platform/context.js';
import { type Tx, transact } from '../platform/db/transaction.js';
import { newId } from '../platform/ids.js';
import type { Caller } from '../projects/index.js';
import {
  assignmentNotFound,
  duplicateAssignment,
  missingPoints,
  notALoyaltyCampaign,
  pointsOfCoin,
  rewardListedTwice,
  rewardNotFound,
  rulesUnsupported,
  secondAutoRedeem,
} from './reward.errors.js';
import {
  RewardAssignmentCreated,
  RewardAssignmentDeleted,
  RewardAssignmentUpdated,
  recordAssignmentEvent,
} from './reward.events.js';
import * as repo from './reward.repository.js';
import type {
  AssignmentCreateIn,
  AssignmentListQuery,
  AssignmentUpdateIn,
  LoyaltyAssignmentsCreateIn,
} from './reward.schemas.js';
import { lockExistingReward } from './reward.service.js';
import type { RewardAssignmentRow, RewardRow } from './reward.table.js';

/**
 * Reward assignments: a reward offered in a loyalty campaign at a price in points. Both route families
 * (`/v1/rewards/{id}/assignments` and `/v1/loyalties/{campaignId}/rewards`) come here. The campaign's row is
 * locked first, so the check that it has at most one `auto_redeem` assignment holds under concurrent
 * requests on PostgreSQL (SQLite has one writer).
 */

type Ctx = Pick<AppContext, 'db' | 'clock' | 'outboxBell'>;

type Parameters = AssignmentCreateIn['parameters'];

/** The loyalty campaign an assignment names (by id or name), locked; 400 naming `field` for another type. */
async function lockLoyaltyCampaign(tx: Tx, projectId: string, ref: string, field: string) {
  const campaign = await lockLiveCampaign(tx, projectId, ref);
  if (campaign.campaign_type !== 'LOYALTY_PROGRAM')
    throw notALoyaltyCampaign(field, campaign.id, campaign.campaign_type);
  return campaign;
}

/** The price and auto_redeem flag of a new assignment; `at` prefixes the fields named in errors. */
function priceOf(reward: RewardRow, parameters: Parameters, at: string) {
  const loyalty = parameters?.loyalty;
  if (reward.type === 'COIN') {
    if (loyalty?.points !== undefined) throw pointsOfCoin(`${at}parameters.loyalty.points`);
    return { points: null, autoRedeem: false };
  }
  if (loyalty?.points === undefined)
    throw missingPoints(loyalty ? `${at}parameters.loyalty.points` : `${at}parameters.loyalty`);
  return { points: loyalty.points, autoRedeem: loyalty.auto_redeem === true };
}

async function checkAutoRedeem(tx: Tx, campaignId: string, field: string, exceptId?: string) {
  const holder = await repo.findAutoRedeemOf(tx.db, campaignId, exceptId);
  if (holder) throw secondAutoRedeem(field, holder.id);
}

/** Assigns the locked reward to the locked campaign and records `campaign.reward.assignment.created`. */
async function assign(
  tx: Tx,
  caller: Caller,
  campaign: CampaignRow,
  reward: RewardRow,
  parameters: Parameters,
  at: string,
): Promise<RewardAssignmentRow> {
  const { points, autoRedeem } = priceOf(reward, parameters, at);
  if (autoRedeem) await checkAutoRedeem(tx, campaign.id, `${at}parameters.loyalty.auto_redeem`);
  const row: RewardAssignmentRow = {
    id: newId('rewardAssignment'),
    project_id: caller.projectId,
    reward_id: reward.id,
    campaign_id: campaign.id,
    points,
    auto_redeem: autoRedeem ? 1 : 0,
    created_at: tx.now,
    updated_at: null,
  };
  if (!(await repo.insertAssignmentUnlessTaken(tx.db, row))) {
    const holder = await repo.findAssignmentOf(tx.db, reward.id, campaign.id);
    throw duplicateAssignment(holder?.id ?? '');
  }
  await recordAssignmentEvent(tx, caller, RewardAssignmentCreated, { campaign, reward, assignment: row });
  return row;
}

/** `POST /v1/rewards/{id}/assignments`. */
export async function createAssignment(
  ctx: Ctx,
  caller: Caller,
  rewardId: string,
  body: AssignmentCreateIn,
): Promise<RewardAssignmentRow> {
  if (body.validation_rules?.length) throw rulesUnsupported('validation_rules');
  return transact(ctx, async (tx) => {
    const campaign = await lockLoyaltyCampaign(tx, caller.projectId, body.campaign, 'campaign');
    const reward = await lockExistingReward(tx, caller.projectId, rewardId);
    return assign(tx, caller, campaign, reward, body.parameters, '');
  });
}

/**
 * `POST /v1/loyalties/{campaignId}/rewards`: every assignment of the array, or none; one
 * `campaign.reward.assignment.created` per assignment.
 */
export async function createCampaignAssignments(
  ctx: Ctx,
  caller: Caller,
  campaignRef: string,
  items: LoyaltyAssignmentsCreateIn,
): Promise<RewardAssignmentRow[]> {
  for (const [i, item] of items.entries())
    if (item.validation_rules?.length) throw rulesUnsupported(`[${i}].validation_rules`);
  return transact(ctx, async (tx) => {
    const campaign = await lockLoyaltyCampaign(tx, caller.projectId, campaignRef, 'campaignId');
    const seen = new Set<string>();
    const out: RewardAssignmentRow[] = [];
    for (const [i, item] of items.entries()) {
      const reward = await lockExistingReward(tx, caller.projectId, item.reward);
      if (seen.has(reward.id)) throw rewardListedTwice(i, reward.id);
      seen.add(reward.id);
      out.push(await assign(tx, caller, campaign, reward, item.parameters, `[${i}].`));
    }
    return out;
  });
}

/** Where an assignment is addressed from: its reward, or its campaign. */
export type AssignmentScope = { rewardId: string } | { campaignRef: string };

/** The assignment in the scope, its campaign (locked) and its reward (locked); 404 for any missing. */
async function lockAssignment(tx: Tx, projectId: string, scope: AssignmentScope, assignmentId: string) {
  const a = await repo.findAssignment(tx.db, projectId, assignmentId);
  if ('rewardId' in scope) {
    const reward = await lockExistingReward(tx, projectId, scope.rewardId);
    if (!a || a.reward_id !== reward.id) throw assignmentNotFound(assignmentId);
    const campaign = await lockLiveCampaign(tx, projectId, a.campaign_id);
    return { a, reward, campaign };
  }
  const campaign = await lockLiveCampaign(tx, projectId, scope.campaignRef);
  if (!a || a.campaign_id !== campaign.id) throw assignmentNotFound(assignmentId);
  return { a, reward: await lockExistingReward(tx, projectId, a.reward_id), campaign };
}

/** `PUT …/assignments/{id}` and `PUT /v1/loyalties/{campaignId}/rewards/{id}`: the price and auto_redeem. */
export async function updateAssignment(
  ctx: Ctx,
  caller: Caller,
  scope: AssignmentScope,
  assignmentId: string,
  body: AssignmentUpdateIn,
): Promise<RewardAssignmentRow> {
  return transact(ctx, async (tx) => {
    const { a, reward, campaign } = await lockAssignment(tx, caller.projectId, scope, assignmentId);
    const loyalty = body.parameters?.loyalty;
    const patch: Partial<RewardAssignmentRow> = { updated_at: tx.now };
    if (loyalty?.points !== undefined) {
      if (reward.type === 'COIN') throw pointsOfCoin('parameters.loyalty.points');
      patch.points = loyalty.points;
    }
    if (loyalty?.auto_redeem != null) {
      if (loyalty.auto_redeem && reward.type !== 'COIN')
        await checkAutoRedeem(tx, campaign.id, 'parameters.loyalty.auto_redeem', a.id);
      patch.auto_redeem = loyalty.auto_redeem && reward.type !== 'COIN' ? 1 : 0;
    }
    await repo.updateAssignmentRow(tx.db, a.id, patch);
    const after = { ...a, ...patch };
    await recordAssignmentEvent(tx, caller, RewardAssignmentUpdated, { campaign, reward, assignment: after });
    return after;
  });
}

/** `DELETE …/assignments/{id}` and `DELETE /v1/loyalties/{campaignId}/rewards/{id}`. */
export async function deleteAssignment(
  ctx: Ctx,
  caller: Caller,
  scope: AssignmentScope,
  assignmentId: string,
): Promise<void> {
  await transact(ctx, async (tx) => {
    const { a, reward, campaign } = await lockAssignment(tx, caller.projectId, scope, assignmentId);
    await repo.deleteAssignmentRow(tx.db, a.id);
    await recordAssignmentEvent(tx, caller, RewardAssignmentDeleted, { campaign, reward, assignment: a });
  });
}

/** `GET …/assignments/{id}` and `GET /v1/loyalties/{campaignId}/rewards/{id}`. */
export async function getAssignment(
  ctx: Ctx,
  projectId: string,
  scope: AssignmentScope,
  assignmentId: string,
): Promise<RewardAssignmentRow> {
  const a = await repo.findAssignment(ctx.db.kysely, projectId, assignmentId);
  if ('rewardId' in scope) {
    if (!(await repo.findReward(ctx.db.kysely, projectId, scope.rewardId)))
      throw rewardNotFound(scope.rewardId);
    if (!a || a.reward_id !== scope.rewardId) throw assignmentNotFound(assignmentId);
    return a;
  }
  const campaign = await findCampaignRef(ctx, projectId, scope.campaignRef);
  if (!a || a.campaign_id !== campaign.id) throw assignmentNotFound(assignmentId);
  return a;
}

const findCampaignRef = (ctx: Ctx, projectId: string, ref: string) =>
  readLiveCampaign(ctx.db.kysely, projectId, ref);

/** `GET /v1/rewards/{id}/assignments` (404 for an unknown reward) and `GET /v1/loyalties/{campaignId}/rewards`. */
export async function listAssignments(
  ctx: Ctx,
  projectId: string,
  scope: AssignmentScope,
  q: AssignmentListQuery,
) {
  const db = ctx.db.kysely;
  let filter: repo.AssignmentFilter;
  if ('rewardId' in scope) {
    const reward = await repo.findReward(db, projectId, scope.rewardId);
    if (!reward) throw rewardNotFound(scope.rewardId);
    filter = { projectId, rewardId: reward.id };
  } else filter = { projectId, campaignId: (await findCampaignRef(ctx, projectId, scope.campaignRef)).id };
  const total = await repo.countAssignments(db, filter);
  const rows = await repo.selectAssignments(db, filter, { limit: q.limit, offset: (q.page - 1) * q.limit });
  return { rows, total };
}
