import { type CampaignRow, findAnyCampaign, presentSimpleCampaign } from '../campaigns/index.js';
import { type CustomerRow, customersByIds, presentSimpleCustomer } from '../customers/index.js';
import {
  addLoyaltyPoints,
  announceTierChange,
  findLoyaltyCard,
  loyaltyCampaign,
} from '../loyalties/index.js';
import { type OrderRow, presentSimpleOrder } from '../orders/index.js';
import type { AppContext } from '../platform/context.js';
import type { Kx } from '../platform/db/connect.js';
import { type Tx, transact } from '../platform/db/transaction.js';
import { invalidPayload } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { changeLoyaltyPoints, presentSimpleVoucher, type VoucherRow } from '../vouchers/index.js';
import { type EventDeclaration, recordEventFor } from '../webhooks/index.js';
import { cardBalance } from './accrual.events.js';
import {
  pendingPointsBelowZero,
  pendingPointsNotFound,
  pendingPointsNotPending,
  unknownPendingCursor,
} from './earning-rule.errors.js';
import type { EarningRuleRow, PendingPointsRow } from './earning-rule.table.js';
import {
  PendingPointsActivated,
  PendingPointsAdded,
  PendingPointsCanceled,
  PendingPointsUpdated,
  pendingBalance,
} from './pending-points.events.js';
import { presentPendingPoints } from './pending-points.presenter.js';
import * as repo from './pending-points.repository.js';

/**
 * Pending points (`lopp_…`): what an order.paid earning rule with `pending_points` earned, waiting
 * `period_value` days before it is added to the card. Each entry leaves PENDING once, by a conditional
 * update: activated (by `…/activate` or the activation job, adding the points as a PENDING_POINTS_ACTIVATION
 * transaction) or canceled. The card's `loyalty_card.pending_points` is the sum of its pending entries.
 */

type Json = Record<string, unknown>;
type Ctx = Pick<AppContext, 'db' | 'clock' | 'outboxBell'>;
/** Who caused the change: a request, or the activation job (INTERNAL). */
export type PendingCause = Parameters<typeof recordEventFor>[1];

const DAY = 24 * 60 * 60 * 1000;

/**
 * Moves the card's pending points (`loyalty_card.pending_points`) by `delta` in the one conditional statement
 * of the card's points, never below zero; the card after. A card no longer live refuses the change.
 */
async function movePending(tx: Tx, card: { id: string; code?: string }, delta: number): Promise<VoucherRow> {
  const row = await changeLoyaltyPoints(tx, card.id, {
    balance: 0,
    total: 0,
    subtracted: 0,
    expired: 0,
    pending: delta,
  });
  if (!row)
    throw invalidPayload(
      `Loyalty card ${card.code ?? card.id} is not a live loyalty card with these pending points`,
    );
  return row;
}

export interface PendingAccrual {
  rule: EarningRuleRow;
  campaign: CampaignRow;
  card: VoucherRow;
  order: OrderRow;
  points: number;
  event: Json;
  tier: { id: string; name: string } | null;
  trigger: { customer: CustomerRow };
}

function eventDetails(cause: PendingCause, event: Json): Json {
  const source: Json = { channel: cause.source.channel };
  if (cause.source.user) source.user = cause.source.user;
  if (cause.source.api_key) source.api_key = cause.source.api_key;
  return { ...event, event_source: source };
}

/** Stores the pending entry of an accrual and records `pending_points.added`. */
export async function addPendingPoints(
  tx: Tx,
  cause: PendingCause,
  a: PendingAccrual,
): Promise<PendingPointsRow> {
  const period = JSON.parse(a.rule.pending_points!) as { period_value: number };
  const details: Json = {
    event: eventDetails(cause, a.event),
    earning_rule: { id: a.rule.id, source: { banner: a.rule.source_banner ?? '' } },
    order: { id: a.order.id, source_id: a.order.source_id },
  };
  if (a.tier) details.loyalty_tier = { id: a.tier.id, name: a.tier.name };
  const row: PendingPointsRow = {
    id: newId('pendingPoints'),
    project_id: a.card.project_id,
    campaign_id: a.campaign.id,
    voucher_id: a.card.id,
    customer_id: a.card.holder_id ?? a.trigger.customer.id,
    order_id: a.order.id,
    earning_rule_id: a.rule.id,
    points: a.points,
    status: 'PENDING',
    activates_at: Math.floor(tx.now / DAY) * DAY + period.period_value * DAY,
    details: JSON.stringify(details),
    created_at: tx.now,
    updated_at: null,
  };
  await repo.insertPendingPoints(tx.db, row);
  const card = await movePending(tx, a.card, a.points);
  await recordPending(tx, cause, PendingPointsAdded, row, card, a.points);
  return row;
}

interface Context {
  customer: Json;
  campaign: Json;
  voucher: Json;
  order: Json;
}

async function contextOf(db: Kx, row: PendingPointsRow, card: VoucherRow): Promise<Context> {
  const campaign = await findAnyCampaign(db, row.project_id, row.campaign_id);
  const customer = (await customersByIds(db, row.project_id, [row.customer_id])).get(row.customer_id);
  const order = await db.selectFrom('orders').selectAll().where('id', '=', row.order_id).executeTakeFirst();
  return {
    customer: customer ? presentSimpleCustomer(customer) : { id: row.customer_id, object: 'customer' },
    campaign: campaign ? presentSimpleCampaign(campaign) : { id: row.campaign_id, object: 'campaign' },
    voucher: presentSimpleVoucher(card, campaign?.name ?? null),
    order: order ? presentSimpleOrder(order) : { id: row.order_id, object: 'order' },
  };
}

async function recordPending(
  tx: Tx,
  cause: PendingCause,
  event: EventDeclaration,
  row: PendingPointsRow,
  card: VoucherRow,
  points: number,
  manual = false,
): Promise<void> {
  await recordEventFor(tx, cause, event, card.id, {
    ...(await contextOf(tx.db, row, card)),
    voucher_pending_points_balance: pendingBalance(card.id, points, card.loyalty_pending_points ?? 0, manual),
    pending_points: presentPendingPoints(row),
  });
}

/** The member's card and one of its entries, or 404. */
async function entryOf(tx: Tx, projectId: string, memberId: string, id: string) {
  const { card } = await findLoyaltyCard(tx.db, projectId, memberId);
  const row = await repo.findPendingPoints(tx.db, projectId, card.id, id);
  if (!row) throw pendingPointsNotFound(id);
  return { card, row };
}

/** The entry's details as a transaction's details: the order by id, and by source_id only when it has one. */
function transactionDetails(details: Json): Json {
  const order = details.order as { id: string; source_id: string | null } | undefined;
  if (!order || order.source_id !== null) return details;
  return { ...details, order: { id: order.id } };
}

/**
 * Adds a pending entry's points to its card, as a PENDING_POINTS_ACTIVATION transaction, and records
 * `pending_points.activated`; a tier change then applies the tier rules. False when the entry was no longer
 * pending (another activation won).
 */
export async function activateEntry(
  tx: Tx,
  cause: PendingCause,
  entry: PendingPointsRow,
): Promise<{ card: VoucherRow; activated: PendingPointsRow; transaction: Json } | null> {
  const activated = await repo.closePendingPoints(tx.db, entry.id, 'ACTIVATED', tx.now);
  if (!activated) return null;
  const details = JSON.parse(activated.details) as Json;
  const moved =
    activated.points > 0
      ? await addLoyaltyPoints(tx, {
          cause,
          card: entry.voucher_id,
          points: activated.points,
          type: 'PENDING_POINTS_ACTIVATION',
          // The entry's points leave the card's pending points in the same statement that adds them.
          fromPending: true,
          details: { ...transactionDetails(details), pending_points: presentPendingPoints(activated) },
          // pending_points.activated first, then the tier rules of a tier change.
          deferTierChange: true,
        })
      : null;
  const card = moved?.card ?? (await findLoyaltyCard(tx.db, entry.project_id, entry.voucher_id)).card;
  const transaction = moved?.transaction ?? {};
  await recordEventFor(tx, cause, PendingPointsActivated, card.id, {
    ...(await contextOf(tx.db, activated, card)),
    balance: cardBalance(card, activated.points),
    transaction,
    pending_points: presentPendingPoints(activated),
  });
  await announceTierChange(tx, moved?.tierChange ?? null);
  return { card, activated, transaction };
}

/** `POST /v1/loyalties/members/{memberId}/pending-points/{id}/activate`. */
export async function activatePendingPoints(ctx: Ctx, cause: PendingCause, memberId: string, id: string) {
  return transact(ctx, async (tx) => {
    const { row } = await entryOf(tx, cause.projectId, memberId, id);
    if (row.status !== 'PENDING') throw pendingPointsNotPending(id, row.status);
    const done = await activateEntry(tx, cause, row);
    if (!done) throw pendingPointsNotPending(id, 'no longer pending');
    return { ...cardBalance(done.card, done.activated.points, 'MANUAL') };
  });
}

/** `POST …/pending-points/{id}/balance` `{points: ±n}`: records `pending_points.updated`. */
export async function changePendingPointsBalance(
  ctx: Ctx,
  cause: PendingCause,
  memberId: string,
  id: string,
  points: number,
) {
  if (!Number.isSafeInteger(points) || points === 0)
    throw invalidPayload('points must be a non-zero integer (positive adds, negative takes away)');
  return transact(ctx, async (tx) => {
    const { row } = await entryOf(tx, cause.projectId, memberId, id);
    if (row.status !== 'PENDING') throw pendingPointsNotPending(id, row.status);
    const next = await repo.changePendingEntryPoints(tx.db, id, points, tx.now);
    if (!next) throw pendingPointsBelowZero(id, row.points);
    const card = await movePending(tx, { id: row.voucher_id }, points);
    await recordPending(tx, cause, PendingPointsUpdated, next, card, points, true);
    return pendingBalance(card.id, points, card.loyalty_pending_points ?? 0, true);
  });
}

/** `POST …/pending-points/{id}/cancel`: the entry never activates; records `pending_points.canceled`. */
export async function cancelPendingPoints(ctx: Ctx, cause: PendingCause, memberId: string, id: string) {
  await transact(ctx, async (tx) => {
    const { row } = await entryOf(tx, cause.projectId, memberId, id);
    if (row.status !== 'PENDING') throw pendingPointsNotPending(id, row.status);
    if (!(await cancelEntry(tx, cause, id, true))) throw pendingPointsNotPending(id, 'no longer pending');
  });
}

/**
 * Cancels one entry if it is still pending: its points leave the card's pending balance and
 * `pending_points.canceled` is recorded (`manual`: by a user's request). False when it was no longer pending.
 */
async function cancelEntry(tx: Tx, cause: PendingCause, id: string, manual: boolean): Promise<boolean> {
  const canceled = await repo.closePendingPoints(tx.db, id, 'CANCELED', tx.now);
  if (!canceled) return false;
  const card = await movePending(tx, { id: canceled.voucher_id }, -canceled.points);
  await recordPending(tx, cause, PendingPointsCanceled, canceled, card, -canceled.points, manual);
  return true;
}

export interface PendingListQuery {
  limit: number;
  page: number;
  order?: 'created_at' | '-created_at' | 'id' | '-id';
  starting_after_id?: string;
}

/**
 * `GET /v1/loyalties/members/{memberId}/pending-points` (with `campaignId`, the campaign-scoped form) and,
 * without a member, `GET /v1/loyalties/{campaignId}/pending-points`: the entries still pending, newest first
 * unless `order` is `created_at` or `id` (an entry's id tells nothing of its age: both mean oldest first),
 * paged by `page` or by `starting_after_id`.
 */
export async function listPendingPoints(
  ctx: Pick<Ctx, 'db'>,
  projectId: string,
  of: { memberId?: string; campaignRef?: string },
  q: PendingListQuery,
) {
  const db = ctx.db.kysely;
  let scope: repo.PendingScope;
  if (of.memberId !== undefined)
    scope = { voucherId: (await findLoyaltyCard(db, projectId, of.memberId, of.campaignRef)).card.id };
  else scope = { campaignId: (await loyaltyCampaign(db, projectId, of.campaignRef!)).id };
  const dir = q.order === 'created_at' || q.order === 'id' ? 'asc' : 'desc';
  let after: PendingPointsRow | undefined;
  if (q.starting_after_id !== undefined) {
    after = await repo.findPendingInScope(db, projectId, scope, q.starting_after_id);
    if (!after) throw unknownPendingCursor(q.starting_after_id);
  }
  const offset = after ? 0 : (q.page - 1) * q.limit;
  const rows = await repo.selectPendingPoints(db, projectId, scope, dir, {
    limit: q.limit + 1,
    offset,
    after,
  });
  const total = await repo.countPendingPoints(db, projectId, scope);
  return { rows: rows.slice(0, q.limit), hasMore: rows.length > q.limit, total };
}

/**
 * An order moved to CANCELED: its entries still pending are canceled in the caller's transaction, each
 * recording `pending_points.canceled` (AUTOMATIC), as `…/cancel` does. An entry already activated or canceled
 * stays as it is.
 */
export async function cancelPendingPointsOfOrder(
  tx: Tx,
  cause: PendingCause,
  order: OrderRow,
): Promise<void> {
  for (const entry of await repo.pendingPointsOfOrder(tx.db, order.project_id, order.id))
    await cancelEntry(tx, cause, entry.id, false);
}
