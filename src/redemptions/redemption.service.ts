import { type CustomerRow, customersByIds, ensureCustomer } from '../customers/index.js';
import { type OrderDiscount, type OrderRow, resolveOrderInput, saveOrder } from '../orders/index.js';
import { iso } from '../platform/clock.js';
import type { AppContext } from '../platform/context.js';
import { isUniqueViolation } from '../platform/db/connect.js';
import { type Tx, transact } from '../platform/db/transaction.js';
import { newId } from '../platform/ids.js';
import { type Caller, getProject } from '../projects/index.js';
import { presentSimpleStack, presentSimpleTier } from '../promotions/index.js';
import {
  judgeRedeemables,
  type Outcome,
  presentOrder,
  presentRedeemableOutcome,
  type RedeemablesRequest,
  type Validation,
} from '../validations/index.js';
import { recordEventFor } from '../webhooks/index.js';
import { RedemptionSucceeded } from './redemption.events.js';
import { lockedRedemptionCounts } from './redemption-counts.service.js';
import { recordRedemptionFailure } from './redemption-failure.service.js';
import { checkRedemptionRequest, requestKeyOf } from './redemption.checks.js';
import { Refused, RequestKeyTaken } from './redemption.errors.js';
import {
  type Json,
  presentRedemption,
  redemptionEventData,
  simpleRedemption,
} from './redemption.presenter.js';
import * as repo from './redemption.repository.js';
import { convertReferrals, referrerOf } from './redemption-referrals.service.js';
import { type Ids, type Spent, spend } from './redemption-spend.service.js';
import type { RedemptionRow } from './redemption.table.js';

type Ctx = Pick<AppContext, 'db' | 'clock' | 'outboxBell'>;

/** A redemption request, whichever route it came through. */
export type RedeemIn = RedeemablesRequest;

/** What was redeemed: the stackable answer, and the rows of the request's redemptions. */
export interface Redeemed {
  answer: Json;
}

const appliedOf = (o: Outcome) => ({
  discount: o.applied?.discount ?? 0,
  itemsDiscount: o.applied?.itemsDiscount ?? 0,
  itemDiscounts: o.applied?.itemDiscounts ?? [],
  addedQuantities: o.applied?.addedQuantities ?? [],
});

/** The calculated order after one redeemable (or, with null, after all of them). */
function calculated(v: Validation, o: Outcome | null): Json {
  const state = o ? o.applied!.order : v.final;
  const applied = o ? appliedOf(o) : v.totals;
  return presentOrder(v.order, v.initial.amount, state, applied, v.customer?.id ?? null);
}

/** The redemption's order: the calculated order, as the stored order (`ord_…`) shows it. */
function orderAfter(v: Validation, o: Outcome | null, saved: OrderRow | null): Json {
  const order = calculated(v, o);
  if (!saved) return { ...order, status: 'PAID' };
  return {
    id: saved.id,
    ...order,
    referrer_id: saved.referrer_id,
    status: saved.status,
    created_at: iso(saved.created_at),
    ...(saved.updated_at !== null ? { updated_at: iso(saved.updated_at) } : {}),
  };
}

/** The refusal of the first inapplicable redeemable, as a failure to store. */
function refusedBy(o: Outcome): Refused {
  const r = o.refusal!;
  const notFound = r.code === 404;
  return new Refused(
    {
      status: r.code,
      key: notFound ? 'resource_not_found' : r.key,
      message: r.message,
      details: r.details,
      ...(r.ruleMessage ? { ruleMessage: r.ruleMessage } : {}),
    },
    { voucherCode: o.voucher?.row.code ?? null, tierId: o.tier?.row.id ?? null },
  );
}

interface Built {
  rows: RedemptionRow[];
  events: { id: string; data: Json }[];
  answer: Json;
}

function rowOf(
  caller: Caller,
  id: string,
  body: Json,
  fields: Partial<RedemptionRow> & Pick<RedemptionRow, 'amount' | 'discount' | 'created_at'>,
): RedemptionRow {
  return {
    id,
    project_id: caller.projectId,
    object: 'redemption',
    parent_id: null,
    is_parent: 0,
    redemption_id: null,
    result: 'SUCCESS',
    status: 'SUCCEEDED',
    failure_code: null,
    failure_message: null,
    voucher_id: null,
    voucher_code: null,
    promotion_tier_id: null,
    campaign_id: null,
    customer_id: null,
    order_id: null,
    order_source_id: null,
    request_key: null,
    answer: null,
    ...fields,
    body: JSON.stringify(body),
  };
}

function build(
  tx: Tx,
  caller: Caller,
  input: RedeemIn,
  v: Validation,
  spent: Map<Outcome, Spent>,
  holders: Map<string, CustomerRow>,
  at: { key: string | null; ids: Ids; saved: OrderRow | null },
): Built {
  const applicable = v.outcomes.filter((o) => o.status === 'APPLICABLE');
  const parentId = at.ids.parent;
  const saved = at.saved;
  const common = {
    now: tx.now,
    caller,
    customer: v.customer,
    trackingId: v.trackingId,
    metadata: input.metadata ?? {},
    result: 'SUCCESS' as const,
    status: 'SUCCEEDED' as const,
  };
  const orderSourceId = input.order?.source_id ?? null;
  const rows: RedemptionRow[] = [];
  const events: Built['events'] = [];
  const children: Json[] = [];
  for (const [k, o] of applicable.entries()) {
    const s = spent.get(o)!;
    const id = at.ids.children[k]!;
    const order = orderAfter(v, o, saved);
    const campaignName = s.campaign?.name ?? null;
    const body = presentRedemption({
      ...common,
      id,
      object: 'redemption',
      amount: s.credits,
      parentId,
      order,
      voucher: s.row ? { row: s.row, campaignName } : null,
      ...(o.tier ? { tier: presentSimpleTier(o.tier.row) } : {}),
      referrer: referrerOf(s.row, s.campaign, holders),
    });
    children.push(body);
    const discount = (o.applied?.discount ?? 0) + (o.applied?.itemsDiscount ?? 0);
    rows.push(
      rowOf(caller, id, body, {
        parent_id: parentId,
        voucher_id: s.row?.id ?? null,
        voucher_code: s.row?.code ?? null,
        promotion_tier_id: o.tier?.row.id ?? null,
        campaign_id: s.row ? s.row.campaign_id : (s.campaign?.id ?? null),
        customer_id: v.customer?.id ?? null,
        amount: s.credits,
        discount,
        order_source_id: orderSourceId,
        created_at: tx.now,
      }),
    );
    const holder = s.row?.holder_id ? (holders.get(s.row.holder_id) ?? null) : null;
    events.push({
      id,
      data: redemptionEventData({
        customer: v.customer,
        order,
        campaign: s.campaign,
        voucher: s.row,
        holder,
        promotionTier: o.tier ? presentSimpleTier(o.tier.row) : null,
        promotionStack: o.tier?.stack ? presentSimpleStack(o.tier.stack) : null,
        redemption: simpleRedemption(body, s.row, campaignName),
        now: tx.now,
      }),
    });
  }
  const answer: Json = { redemptions: children };
  const order = orderAfter(v, null, saved);
  if (parentId) {
    const body = presentRedemption({
      ...common,
      id: parentId,
      object: 'redemption',
      amount: [...spent.values()].reduce((a, s) => a + s.credits, 0),
      parentId: null,
      order,
      voucher: null,
      children: rows.map((r) => r.id),
    });
    answer.parent_redemption = body;
    rows.unshift(
      rowOf(caller, parentId, body, {
        is_parent: 1,
        customer_id: v.customer?.id ?? null,
        amount: Number(body.amount),
        discount: v.totals.discount + v.totals.itemsDiscount,
        order_source_id: orderSourceId,
        created_at: tx.now,
      }),
    );
    events.push({
      id: parentId,
      data: redemptionEventData({
        customer: v.customer,
        order,
        campaign: null,
        voucher: null,
        holder: null,
        redemption: simpleRedemption(body, null, null),
        now: tx.now,
      }),
    });
  }
  answer.order = order;
  const presented = v.outcomes.map((o) => presentRedeemableOutcome(o, v, caller.requestId, false));
  const skipped = presented.filter((r) => r.status === 'SKIPPED');
  if (skipped.length > 0) answer.skipped_redeemables = skipped;
  for (const r of rows) r.order_id = saved?.id ?? null;
  rows[0]!.request_key = at.key;
  rows[0]!.answer = JSON.stringify(answer);
  return { rows, events, answer };
}

/**
 * Stores the request's order (created, or updated when its source_id names one) as PAID, with the discount
 * of every applied redeemable and the redemption in its `redemptions` map.
 */
async function saveRedeemedOrder(
  tx: Tx,
  caller: Caller,
  v: Validation,
  ids: Ids,
  referrerId: string | undefined,
): Promise<OrderRow> {
  const all = calculated(v, null) as Json & OrderDiscount;
  const top = ids.parent ?? ids.children[0]!;
  const entry: Json = {
    date: iso(tx.now),
    related_object_type: 'redemption',
    related_object_id: top,
    ...(ids.parent ? { stacked: ids.children } : {}),
  };
  return saveOrder(tx, caller, v.order!, {
    customerId: v.customer?.id ?? null,
    status: 'PAID',
    discount: {
      initial_amount: Number(all.initial_amount),
      discount_amount: all.discount_amount,
      items_discount_amount: all.items_discount_amount,
      total_discount_amount: all.total_discount_amount,
      total_amount: all.total_amount,
      applied_discount_amount: all.applied_discount_amount,
      items_applied_discount_amount: all.items_applied_discount_amount,
      total_applied_discount_amount: all.total_applied_discount_amount,
      items: all.items as Json[],
    },
    redemption: { id: top, entry },
    ...(referrerId ? { referrerId } : {}),
  });
}

async function redeemIn(
  tx: Tx,
  caller: Caller,
  input: RedeemIn,
  key: string | null,
  timeZone: string,
): Promise<Redeemed> {
  if (key) {
    const prior = await repo.findByRequestKey(tx.db, caller.projectId, key);
    if (prior) return { answer: JSON.parse(prior.answer!) as Json };
  }
  const customer = input.customer ? await ensureCustomer(tx, caller, input.customer) : null;
  const order = input.order && (await resolveOrderInput(tx.db, caller.projectId, input.order, 'order.'));
  const v = await judgeRedeemables(
    tx.db,
    { ...input, order },
    {
      projectId: caller.projectId,
      now: tx.now,
      timeZone,
      customer,
      customerGiven: input.customer !== undefined,
      counts: lockedRedemptionCounts(tx),
    },
  );
  const bad = v.outcomes.find((o) => o.status === 'INAPPLICABLE');
  if (bad) throw refusedBy(bad);
  const applicable = v.outcomes.filter((o) => o.status === 'APPLICABLE');
  const ids: Ids = {
    children: applicable.map(() => newId('redemption')),
    parent: applicable.length > 1 ? newId('redemption') : null,
  };
  const holderIds = applicable.flatMap((o) => (o.voucher?.row.holder_id ? [o.voucher.row.holder_id] : []));
  const holders = await customersByIds(tx.db, caller.projectId, holderIds);
  const referrer = applicable
    .map((o) => (o.voucher ? referrerOf(o.voucher.row, o.voucher.campaign, holders) : null))
    .find((r) => r !== null);
  const saved = order ? await saveRedeemedOrder(tx, caller, v, ids, referrer?.id) : null;
  // The vouchers' rows stay locked from here to the commit (PostgreSQL), so every read and write that does
  // not need them comes before: redemptions of one voucher queue on its row only for what follows.
  const spent = await spend(tx, caller, v, applicable, {
    customer,
    ids,
    orderId: saved?.id ?? null,
    metadata: input.metadata ?? {},
  });
  const built = build(tx, caller, input, v, spent, holders, { key, ids, saved });
  try {
    await repo.insertRedemptions(tx.db, built.rows);
  } catch (e) {
    if (key && isUniqueViolation(e)) throw new RequestKeyTaken();
    throw e;
  }
  for (const e of built.events) await recordEventFor(tx, caller, RedemptionSucceeded, e.id, e.data);
  await convertReferrals(tx, caller, built, spent, v, holders);
  return { answer: built.answer };
}

/**
 * `POST /v1/redemptions`, `POST /client/v1/redemptions` and the legacy single-voucher routes: redeems every
 * applicable redeemable in one transaction, or none. Each success takes one use of its voucher (and a gift
 * card's credits) by a conditional statement, stores the redemption (and a stack's parent) and records
 * `redemption.succeeded` per stored redemption. A refusal rolls all of that back, then stores the failed
 * attempt (`rf_…`) with `redemption.failed` in a transaction of its own, and answers the error naming it.
 *
 * A request repeated with the same order `source_id` and the same redeemables gets the first answer back
 * and spends nothing (see README, "Redemptions"). A request that lost a race on a unique key (the same new
 * customer, or the same idempotency key, at once) runs once more, and then sees the winner's rows.
 */
export async function redeem(ctx: Ctx, caller: Caller, input: RedeemIn): Promise<Redeemed> {
  checkRedemptionRequest(input);
  const key = requestKeyOf(input);
  const { timezone } = await getProject(ctx, caller.projectId);
  const run = () => transact(ctx, (tx) => redeemIn(tx, caller, input, key, timezone));
  try {
    try {
      return await run();
    } catch (e) {
      // A lost race on a unique key: the request runs once more, whole. (A deadlock between two stacks that
      // lock the same counted vouchers in opposite orders is run again by `transact`.)
      if (e instanceof RequestKeyTaken || isUniqueViolation(e)) return await run();
      throw e;
    }
  } catch (e) {
    if (!(e instanceof Refused)) throw e;
    // The same request may have won meanwhile and spent the last use: then this one is its repeat.
    const prior = key ? await repo.findByRequestKey(ctx.db.kysely, caller.projectId, key) : undefined;
    if (prior) return { answer: JSON.parse(prior.answer!) as Json };
    throw await recordRedemptionFailure(ctx, caller, input, e);
  }
}
