import { type CustomerRow, customersByIds } from '../customers/index.js';
import { saveOrder } from '../orders/index.js';
import { iso } from '../platform/clock.js';
import type { AppContext } from '../platform/context.js';
import { type Tx, transact } from '../platform/db/transaction.js';
import { newId } from '../platform/ids.js';
import type { Caller } from '../projects/index.js';
import { findTierWithCampaign, presentSimpleTier, recordTierRollback } from '../promotions/index.js';
import { findLiveVoucher, refundGiftCredits, returnVoucherUse } from '../vouchers/index.js';
import { addLoyaltyPoints } from '../loyalties/index.js';
import { returnRewardUnit } from '../rewards/index.js';
import { recordEventFor } from '../webhooks/index.js';
import { RedemptionRollbackFailed, RedemptionRollbackSucceeded } from './redemption.events.js';
import {
  childRedemption,
  notARedemption,
  notAStackParent,
  notStacked,
  recordedFailure,
  Refused,
  redemptionNotFound,
} from './redemption.errors.js';
import {
  type Json,
  presentRedemption,
  redemptionEventData,
  simpleRedemption,
} from './redemption.presenter.js';
import * as repo from './redemption.repository.js';
import type { RedemptionRow } from './redemption.table.js';

type Ctx = Pick<AppContext, 'db' | 'clock' | 'outboxBell'>;

/** How far back a redemption may be rolled back, in calendar months (Voucherify: "up to 3 months back"). */
export const ROLLBACK_WINDOW_MONTHS = 3;

export interface RollbackIn {
  reason?: string;
  tracking_id?: string;
  metadata?: Record<string, unknown>;
}

type Mode = 'single' | 'stack';

/** The last instant a redemption made at `at` may be rolled back: the same time three months later (UTC). */
export function rollbackDeadline(at: number): number {
  const d = new Date(at);
  const target = new Date(at);
  target.setUTCMonth(d.getUTCMonth() + ROLLBACK_WINDOW_MONTHS);
  // 30 November plus three months is the end of February, not 2 March.
  if (target.getUTCDate() !== d.getUTCDate()) target.setUTCDate(0);
  return target.getTime();
}

/** The redemption to roll back, refused when it is not one this route rolls back. */
function checkTarget(row: RedemptionRow | undefined, id: string, mode: Mode): RedemptionRow {
  if (!row) throw redemptionNotFound(id);
  if (row.object !== 'redemption' || row.result !== 'SUCCESS') throw notARedemption(id);
  if (row.parent_id !== null) throw childRedemption(id, row.parent_id);
  if (mode === 'single' && row.is_parent === 1) throw notAStackParent(id);
  if (mode === 'stack' && row.is_parent !== 1) throw notStacked(id);
  return row;
}

const refusal = (key: string, message: string, details: string) =>
  new Refused({ status: 400, key, message, details }, { voucherCode: null });

interface Undone {
  original: RedemptionRow;
  rollbackId: string;
  body: Json;
  row: RedemptionRow;
  event: Json;
}

function rollbackRow(
  caller: Caller,
  id: string,
  body: Json,
  original: RedemptionRow,
  fields: Partial<RedemptionRow>,
  now: number,
): RedemptionRow {
  return {
    id,
    project_id: caller.projectId,
    object: 'redemption_rollback',
    parent_id: null,
    is_parent: 0,
    redemption_id: original.id,
    result: 'SUCCESS',
    status: 'SUCCEEDED',
    failure_code: null,
    failure_message: null,
    voucher_id: original.voucher_id,
    voucher_code: original.voucher_code,
    promotion_tier_id: original.promotion_tier_id,
    campaign_id: original.campaign_id,
    customer_id: original.customer_id,
    amount: -Number(original.amount),
    discount: -Number(original.discount),
    order_id: original.order_id,
    order_source_id: original.order_source_id,
    request_key: null,
    body: JSON.stringify(body),
    answer: null,
    created_at: now,
    ...fields,
  };
}

/** The original's order, canceled by the rollback. */
function canceledOrder(original: RedemptionRow): Json | null {
  const order = (JSON.parse(original.body) as Json).order as Json | undefined;
  return order ? { ...order, status: 'CANCELED' } : null;
}

/**
 * A reward bought with a loyalty card's points: the points come back to the card (`POINTS_REFUND`, with
 * `voucher.loyalty_card.transaction.created`) and the unit to the reward's stock. What the reward gave (a
 * code published, credits or points added) stays with the customer.
 */
async function refundRewardPurchase(tx: Tx, caller: Caller, original: RedemptionRow, rollbackId: string) {
  const body = JSON.parse(original.body) as Json;
  const reward = body.reward as { id?: string } | undefined;
  const points = (body.loyalty_card as { points?: number } | undefined)?.points ?? 0;
  if (!reward?.id || points <= 0 || !original.voucher_id) return;
  await addLoyaltyPoints(tx, {
    cause: caller,
    card: original.voucher_id,
    points,
    type: 'POINTS_REFUND',
    details: { redemption: { id: original.id }, rollback: { id: rollbackId } },
    eventData: {
      redemption: simpleRedemption(body, null, null),
      rollback: {
        id: rollbackId,
        customer_id: original.customer_id,
        date: iso(tx.now),
        amount: -points,
        result: 'SUCCESS',
        status: 'SUCCEEDED',
        metadata: {},
        object: 'redemption_rollback',
      },
    },
  });
  await returnRewardUnit(tx, reward.id);
}

/** Undoes one redemption: its voucher use and gift credits come back, and a rollback row is built. */
async function undo(
  tx: Tx,
  caller: Caller,
  original: RedemptionRow,
  customer: CustomerRow | null,
  input: RollbackIn,
  at: { rollbackId: string; parentRollbackId: string | null; childIds?: string[] },
): Promise<Undone> {
  const { rollbackId, parentRollbackId, childIds } = at;
  let found: Awaited<ReturnType<typeof findLiveVoucher>>;
  if (original.promotion_tier_id)
    await recordTierRollback(tx, original.promotion_tier_id, {
      amount: Number(canceledOrder(original)?.amount ?? 0),
      discount: Number(original.discount),
    });
  if (original.voucher_id) {
    const credits = Number(original.amount);
    await returnVoucherUse(tx, original.voucher_id, { amount: credits });
    if (credits > 0)
      await refundGiftCredits(tx, caller, {
        voucherId: original.voucher_id,
        amount: credits,
        ...(original.order_id ? { orderId: original.order_id } : {}),
        redemption: { ...(JSON.parse(original.body) as Json), id: original.id },
        rollback: {
          id: rollbackId,
          object: 'redemption_rollback',
          date: iso(tx.now),
          customer_id: customer?.id ?? null,
          tracking_id: customer?.source_id ?? input.tracking_id ?? null,
          metadata: input.metadata ?? {},
          amount: -credits,
          result: 'SUCCESS',
          status: 'SUCCEEDED',
        },
      });
    await refundRewardPurchase(tx, caller, original, rollbackId);
    found = await findLiveVoucher(tx.db, caller.projectId, original.voucher_code!);
  }
  const order = canceledOrder(original);
  const body = presentRedemption({
    id: rollbackId,
    object: 'redemption_rollback',
    now: tx.now,
    caller,
    customer,
    trackingId: customer?.source_id ?? input.tracking_id ?? null,
    metadata: input.metadata ?? {},
    amount: -Number(original.amount),
    parentId: parentRollbackId,
    rolledBackId: original.id,
    reason: input.reason ?? null,
    result: 'SUCCESS',
    status: 'SUCCEEDED',
    order,
    voucher: found ? { row: found.row, campaignName: found.campaign?.name ?? null } : null,
    ...(childIds ? { children: childIds } : {}),
  });
  const row = rollbackRow(caller, rollbackId, body, original, { parent_id: parentRollbackId }, tx.now);
  if (childIds) row.is_parent = 1;
  const holderId = found?.row.holder_id ?? null;
  const holder = holderId
    ? ((await customersByIds(tx.db, caller.projectId, [holderId])).get(holderId) ?? null)
    : null;
  const campaignName = found?.campaign?.name ?? null;
  // A promotion tier's redemption: its rollback's events carry the tier and its campaign, as the redemption's did.
  const tier = original.promotion_tier_id
    ? await findTierWithCampaign(tx.db, caller.projectId, original.promotion_tier_id)
    : null;
  const event = redemptionEventData({
    customer,
    order,
    campaign: found?.campaign ?? tier?.campaign ?? null,
    voucher: found?.row ?? null,
    holder,
    promotionTier: tier ? presentSimpleTier(tier.row) : null,
    redemption: simpleRedemption(JSON.parse(original.body) as Json, found?.row ?? null, campaignName),
    rollback: simpleRedemption(body, found?.row ?? null, campaignName),
  });
  return { original, rollbackId, body, row, event };
}

async function rollbackIn(tx: Tx, caller: Caller, id: string, input: RollbackIn, mode: Mode) {
  const row = checkTarget(await repo.findRedemption(tx.db, caller.projectId, id), id, mode);
  if (row.status === 'ROLLED_BACK')
    throw refusal('already_rolled_back', 'Already rolled back', `Redemption ${id} was rolled back already`);
  if (tx.now > rollbackDeadline(row.created_at))
    throw refusal(
      'rollback_period_exceeded',
      'Rollback period exceeded',
      `Redemption ${id} is older than ${ROLLBACK_WINDOW_MONTHS} months and can no longer be rolled back`,
    );
  // Conditional: of two rollbacks of one redemption at once, exactly one proceeds.
  if (!(await repo.markRolledBack(tx.db, row.id)))
    throw refusal('already_rolled_back', 'Already rolled back', `Redemption ${id} was rolled back already`);
  const customer = row.customer_id
    ? ((await customersByIds(tx.db, caller.projectId, [row.customer_id])).get(row.customer_id) ?? null)
    : null;
  // The order the redemption was made for is canceled (Voucherify: "order → CANCELED").
  if (row.order_id) await saveOrder(tx, caller, { id: row.order_id }, { status: 'CANCELED' });
  const done: Undone[] = [];
  const single = { rollbackId: newId('redemptionRollback'), parentRollbackId: null };
  if (mode === 'single') done.push(await undo(tx, caller, row, customer, input, single));
  else {
    const parentRollbackId = newId('redemptionRollback');
    // In the stack's order, as the parent lists them.
    const order = ((JSON.parse(row.body) as Json).related_redemptions as { id: string }[]).map((r) => r.id);
    const children = (await repo.selectChildren(tx.db, row.id)).sort(
      (a, b) => order.indexOf(a.id) - order.indexOf(b.id),
    );
    for (const child of children) {
      await repo.markRolledBack(tx.db, child.id);
      const at = { rollbackId: newId('redemptionRollback'), parentRollbackId };
      done.push(await undo(tx, caller, child, customer, input, at));
    }
    const childIds = done.map((d) => d.rollbackId);
    const at = { rollbackId: parentRollbackId, parentRollbackId: null, childIds };
    done.push(await undo(tx, caller, row, customer, input, at));
  }
  await repo.insertRedemptions(
    tx.db,
    done.map((d) => d.row),
  );
  for (const d of done) await recordEventFor(tx, caller, RedemptionRollbackSucceeded, d.rollbackId, d.event);
  if (mode === 'single') return done[0]!.body;
  const parent = done.at(-1)!;
  return {
    rollbacks: done.slice(0, -1).map((d) => d.body),
    parent_rollback: parent.body,
    order: parent.body.order ?? null,
  };
}

/** Stores a refused rollback (`rrf_…`) and records `redemption.rollback.failed`, in its own transaction. */
async function recordRollbackFailure(
  ctx: Ctx,
  caller: Caller,
  id: string,
  input: RollbackIn,
  refused: Refused,
) {
  const failureId = newId('redemptionRollbackFailure');
  const f = refused.failure;
  await transact(ctx, async (tx) => {
    const original = (await repo.findRedemption(tx.db, caller.projectId, id))!;
    const customer = original.customer_id
      ? ((await customersByIds(tx.db, caller.projectId, [original.customer_id])).get(original.customer_id) ??
        null)
      : null;
    const found = original.voucher_code
      ? await findLiveVoucher(tx.db, caller.projectId, original.voucher_code)
      : undefined;
    const body = presentRedemption({
      id: failureId,
      object: 'redemption_rollback',
      now: tx.now,
      caller,
      customer,
      trackingId: customer?.source_id ?? input.tracking_id ?? null,
      metadata: input.metadata ?? {},
      amount: 0,
      parentId: null,
      rolledBackId: original.id,
      reason: input.reason ?? null,
      result: 'FAILURE',
      status: 'FAILED',
      failure: { code: f.key, message: f.message },
      order: null,
      voucher: null,
    });
    const row = rollbackRow(
      caller,
      failureId,
      body,
      original,
      {
        result: 'FAILURE',
        status: 'FAILED',
        failure_code: f.key,
        failure_message: f.message,
        amount: 0,
        discount: 0,
      },
      tx.now,
    );
    await repo.insertRedemptions(tx.db, [row]);
    const campaignName = found?.campaign?.name ?? null;
    await recordEventFor(
      tx,
      caller,
      RedemptionRollbackFailed,
      failureId,
      redemptionEventData({
        customer,
        order: null,
        campaign: found?.campaign ?? null,
        voucher: found?.row ?? null,
        holder: null,
        redemption: simpleRedemption(JSON.parse(original.body) as Json, found?.row ?? null, campaignName),
        rollback: simpleRedemption(body, null, null),
      }),
    );
  });
  return recordedFailure(f, failureId, 'redemption_rollback');
}

/**
 * `POST /v1/redemptions/{id}/rollback` (`single`: a redemption that is not part of a stack) and
 * `POST /v1/redemptions/{parentId}/rollbacks` (`stack`: a stack's parent and all its children), in one
 * transaction: each use comes back to its voucher, each gift card's credits come back, the redemptions
 * become ROLLED_BACK, and a rollback (`rr_…`) with `redemption.rollback.succeeded` is stored per redemption.
 * A rollback refused for a reason Voucherify records (already rolled back, older than three months) is
 * stored as `rrf_…` with `redemption.rollback.failed`, and the error names it.
 */
export async function rollbackRedemption(
  ctx: Ctx,
  caller: Caller,
  id: string,
  input: RollbackIn,
  mode: Mode,
) {
  try {
    return await transact(ctx, (tx) => rollbackIn(tx, caller, id, input, mode));
  } catch (e) {
    if (e instanceof Refused) throw await recordRollbackFailure(ctx, caller, id, input, e);
    throw e;
  }
}
