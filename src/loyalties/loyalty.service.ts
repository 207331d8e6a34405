import {
  type CampaignCreateIn,
  type CampaignListQuery,
  type CampaignRow,
  type CampaignUpdateIn,
  createCampaign,
  deleteCampaign,
  getCampaign,
  listCampaigns,
  updateCampaign,
} from '../campaigns/index.js';
import type { AppContext } from '../platform/context.js';
import { isUniqueViolation } from '../platform/db/connect.js';
import { transact } from '../platform/db/transaction.js';
import { invalidPayload } from '../platform/errors.js';
import type { Caller } from '../projects/index.js';
import {
  listHeldCampaignVouchers,
  lockLoyaltyCard,
  presentSimpleVoucher,
  type VoucherRow,
  voucherJson,
  vouchersByIds,
} from '../vouchers/index.js';
import { notALoyaltyProgram, unknownTransaction, zeroPoints } from './loyalty.errors.js';
import type { PointsExpiration } from './loyalty.expiration.js';
import { findLoyaltyCard, loyaltyCampaign, publishLoyaltyCard } from './loyalty-member.service.js';
import { addLoyaltyPoints, type PointsMoved, spendLoyaltyPoints } from './loyalty-points.service.js';
import { presentBucket, presentLoyaltyTransaction } from './loyalty.presenter.js';
import * as repo from './loyalty.repository.js';
import type {
  BalanceIn,
  ExpirationListQuery,
  MemberCreateIn,
  MemberListQuery,
  TransactionListQuery,
  TransfersIn,
} from './loyalty.schemas.js';

/** Loyalty programs and their members through `/v1/loyalties`: the campaign API, narrowed to LOYALTY_PROGRAM. */

type Ctx = Pick<AppContext, 'db' | 'clock' | 'outboxBell' | 'jobsBell'>;
type Json = Record<string, unknown>;

/** `POST /v1/loyalties`: a LOYALTY_PROGRAM campaign (campaign.created, as `POST /v1/campaigns` records it). */
export async function createProgram(ctx: Ctx, caller: Caller, input: CampaignCreateIn): Promise<CampaignRow> {
  if (input.campaign_type !== undefined && input.campaign_type !== 'LOYALTY_PROGRAM')
    throw invalidPayload('campaign_type must be LOYALTY_PROGRAM under /v1/loyalties');
  return createCampaign(ctx, caller, { ...input, campaign_type: 'LOYALTY_PROGRAM' });
}

/** A live loyalty program by id or name: 404 when there is none, or it is another kind of campaign. */
export async function getProgram(ctx: Pick<Ctx, 'db'>, projectId: string, ref: string): Promise<CampaignRow> {
  const row = await getCampaign(ctx, projectId, ref);
  if (row.campaign_type !== 'LOYALTY_PROGRAM') throw notALoyaltyProgram(row.id);
  return row;
}

export async function listPrograms(ctx: Pick<Ctx, 'db'>, projectId: string, q: CampaignListQuery) {
  return listCampaigns(ctx, projectId, { ...q, campaign_type: 'LOYALTY_PROGRAM' });
}

export async function updateProgram(ctx: Ctx, caller: Caller, ref: string, input: CampaignUpdateIn) {
  await getProgram(ctx, caller.projectId, ref);
  return updateCampaign(ctx, caller, ref, input);
}

export async function deleteProgram(ctx: Ctx, caller: Caller, ref: string, force: boolean) {
  await getProgram(ctx, caller.projectId, ref);
  return deleteCampaign(ctx, caller, ref, force);
}

/**
 * `POST /v1/loyalties/{campaignId}/members`: publishes a card of the program to the customer (created when
 * new), recording `publication.succeeded` and `voucher.published`; the answer is the card. A request that
 * lost a race on a new customer or source_id runs once more, and then sees the winner's rows.
 */
export async function addMember(ctx: Ctx, caller: Caller, campaignRef: string, input: MemberCreateIn) {
  const run = () =>
    transact(ctx, async (tx) => {
      const campaign = await loyaltyCampaign(tx.db, caller.projectId, campaignRef);
      const { card } = await publishLoyaltyCard(tx, caller, { campaign, ...input });
      return voucherJson(tx.db, { row: card, campaign });
    });
  try {
    return await run();
  } catch (e) {
    if (isUniqueViolation(e)) return run();
    throw e;
  }
}

export async function listMembers(
  ctx: Pick<Ctx, 'db'>,
  projectId: string,
  campaignRef: string,
  q: MemberListQuery,
) {
  const db = ctx.db.kysely;
  const campaign = await loyaltyCampaign(db, projectId, campaignRef);
  const { rows, total } = await listHeldCampaignVouchers(
    db,
    { projectId, campaignId: campaign.id, code: q.code, holderId: q.customer },
    q.order ?? '-created_at',
    q.limit,
    (q.page - 1) * q.limit,
  );
  const vouchers: Json[] = [];
  for (const row of rows) vouchers.push(await voucherJson(db, { row, campaign }));
  return { vouchers, total };
}

/** `GET /v1/loyalties/members/{memberId}` (and the campaign-scoped form): the card. */
export async function getMember(
  ctx: Pick<Ctx, 'db'>,
  projectId: string,
  memberId: string,
  campaignRef?: string,
) {
  const { card, campaign } = await findLoyaltyCard(ctx.db.kysely, projectId, memberId, campaignRef);
  return voucherJson(ctx.db.kysely, { row: card, campaign });
}

function expirationOf(input: BalanceIn): PointsExpiration | undefined {
  if (input.expiration_type === undefined) {
    if (input.expiration_date !== undefined) return { type: 'CUSTOM_DATE', date: input.expiration_date };
    return undefined;
  }
  if (input.expiration_type !== 'CUSTOM_DATE' && input.expiration_date !== undefined)
    throw invalidPayload('expiration_date goes only with expiration_type CUSTOM_DATE');
  return { type: input.expiration_type, date: input.expiration_date };
}

/**
 * `POST /v1/loyalties/members/{memberId}/balance` (and the campaign-scoped form): positive points are a
 * POINTS_ADDITION (`points_added` and `transaction.created`), negative ones a POINTS_REMOVAL
 * (`transaction.created`), taking the soonest-expiring points first. The card must have a holder; removing
 * more than the balance is 400 `loyalty_card_points_exceeded`. A tier change is told to the tier listeners
 * (the tier rules) in the same transaction; the answer is the balance of this movement's own transaction,
 * before what they add.
 */
export async function changeBalance(
  ctx: Ctx,
  caller: Caller,
  memberId: string,
  input: BalanceIn,
  campaignRef?: string,
): Promise<Json> {
  if (input.points === 0) throw zeroPoints();
  const expiration = expirationOf(input);
  if (input.points < 0 && expiration !== undefined)
    throw invalidPayload('expiration_type and expiration_date go only with points added');
  return transact(ctx, async (tx) => {
    const { card } = await findLoyaltyCard(tx.db, caller.projectId, memberId, campaignRef);
    const common = { cause: caller, card, source: 'API', reason: input.reason, sourceId: input.source_id };
    const moved =
      input.points > 0
        ? await addLoyaltyPoints(tx, { ...common, points: input.points, type: 'POINTS_ADDITION', expiration })
        : await spendLoyaltyPoints(tx, { ...common, points: -input.points, type: 'POINTS_REMOVAL' });
    return moved.balance;
  });
}

/**
 * `POST /v1/loyalties/{campaignId}/members/{memberId}/transfers`: moves points from each source card (all of
 * the program, all held) to the member's card in one transaction: a POINTS_TRANSFER_OUT on each source, a
 * POINTS_TRANSFER_IN on the target per source; a movement that changes a card's tier tells the tier
 * listeners there and then. The answer is the target card after all of it.
 */
export async function transferPoints(
  ctx: Ctx,
  caller: Caller,
  campaignRef: string,
  memberId: string,
  transfers: TransfersIn,
): Promise<Json> {
  return transact(ctx, async (tx) => {
    const { card: target, campaign } = await findLoyaltyCard(tx.db, caller.projectId, memberId, campaignRef);
    const sources: VoucherRow[] = [];
    for (const [i, t] of transfers.entries()) {
      const { card: source } = await findLoyaltyCard(tx.db, caller.projectId, t.code, campaignRef).catch(
        () => {
          throw invalidPayload(`[${i}].code: ${t.code} is not a loyalty card of campaign ${campaignRef}`);
        },
      );
      if (source.id === target.id)
        throw invalidPayload(`[${i}].code: a card cannot transfer points to itself`);
      sources.push(source);
    }
    // Every card's row is locked in one order (by id), so that transfers between the same cards in opposite
    // directions queue rather than deadlock.
    for (const id of [...new Set([target.id, ...sources.map((c) => c.id)])].sort())
      await lockLoyaltyCard(tx, id);
    let into: PointsMoved | undefined;
    for (const [i, t] of transfers.entries()) {
      const source = sources[i]!;
      const common = {
        cause: caller,
        source: 'API',
        reason: t.reason,
        sourceId: t.source_id,
        points: t.points,
      };
      const name = campaign?.name ?? null;
      const destination = presentSimpleVoucher(target, name);
      const out = await spendLoyaltyPoints(tx, {
        ...common,
        card: source,
        type: 'POINTS_TRANSFER_OUT',
        details: { destination_voucher: destination },
        eventData: { destination_voucher: destination },
      });
      const from = presentSimpleVoucher(out.card, name);
      into = await addLoyaltyPoints(tx, {
        ...common,
        card: target,
        type: 'POINTS_TRANSFER_IN',
        details: { source_voucher: from },
        eventData: { source_voucher: from },
        relatedTransactionId: out.transactionRow.id,
      });
    }
    // Each transfer in reads the card afresh, so only the tier rules of the last one's tier change (which
    // may have added points) leave the card newer than what it returned.
    const last =
      into && into.tierChange === null
        ? into.card
        : ((await vouchersByIds(tx.db, caller.projectId, [target.id])).get(target.id)?.row ?? target);
    return voucherJson(tx.db, { row: last, campaign });
  });
}

/** `GET …/members/{memberId}/transactions`: newest first (`-id`) unless `order=id`, paged by `starting_after_id`. */
export async function listTransactions(
  ctx: Pick<Ctx, 'db'>,
  projectId: string,
  memberId: string,
  q: TransactionListQuery,
  campaignRef?: string,
) {
  const db = ctx.db.kysely;
  const { card } = await findLoyaltyCard(db, projectId, memberId, campaignRef);
  const desc = q.order !== 'id';
  let afterSeq: number | undefined;
  if (q.starting_after_id !== undefined) {
    const after = await repo.findTransaction(db, card.id, q.starting_after_id);
    if (!after) throw unknownTransaction(q.starting_after_id);
    afterSeq = after.seq;
  }
  if (afterSeq === undefined && q.page !== undefined && q.page > 1) {
    const skip = (q.page - 1) * q.limit;
    const skipped = await repo.selectTransactions(db, card.id, desc, undefined, skip - 1);
    const last = skipped[skip - 1];
    if (!last) return { data: [], hasMore: false, total: await repo.countTransactions(db, card.id) };
    afterSeq = last.seq;
  }
  const rows = await repo.selectTransactions(db, card.id, desc, afterSeq, q.limit);
  return {
    data: rows.slice(0, q.limit).map(presentLoyaltyTransaction),
    hasMore: rows.length > q.limit,
    total: await repo.countTransactions(db, card.id),
  };
}

/** `GET /v1/loyalties/{campaignId}/members/{memberId}/points-expiration`: buckets with points and a date, soonest first. */
export async function listPointsExpiration(
  ctx: Pick<Ctx, 'db'>,
  projectId: string,
  memberId: string,
  q: ExpirationListQuery,
  campaignRef?: string,
) {
  const db = ctx.db.kysely;
  const { card } = await findLoyaltyCard(db, projectId, memberId, campaignRef);
  const { rows, total } = await repo.expiringBuckets(db, card.id, q.limit, (q.page - 1) * q.limit);
  return { data: rows.map(presentBucket), total };
}
