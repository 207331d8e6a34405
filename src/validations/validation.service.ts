import { resolveOrderInput } from '../orders/index.js';
import type { CampaignRow } from '../campaigns/index.js';
import { type CustomerRow, lookupCustomer } from '../customers/index.js';
import type { AppContext } from '../platform/context.js';
import type { Kx } from '../platform/db/connect.js';
import { type Caller, getProject } from '../projects/index.js';
import {
  findLiveStack,
  findTierWithCampaign,
  type PromotionStackRow,
  type PromotionTierRow,
} from '../promotions/index.js';
import { findLiveVoucher, type VoucherRow } from '../vouchers/index.js';
import { type Applied, applyDiscount, type DiscountDef, type OrderState } from './discount.js';
import {
  notFoundRefusal,
  type Refusal,
  tierRefusal,
  voucherNotFoundRefusal,
  voucherRefusal,
} from './validation.checks.js';
import {
  duplicateRedeemable,
  orderNotFound,
  sessionUnsupported,
  voucherNotFound,
} from './validation.errors.js';
import {
  type ApplicableTo,
  addTotals,
  applicableLines,
  noTotals,
  stateOf,
  type Totals,
} from './validation.order.js';
import { type RedemptionCounts, type RulesContext, rulesVerdict } from './validation.rules.js';
import type { OrderIn, RedeemableIn, StackableValidationIn } from './validation.schemas.js';

/**
 * Validations: the checks a redemption will make, and the discount it would give on the order, without
 * writing anything or recording any event. Redeemables are judged in the order sent (Voucherify's
 * REQUESTED_ORDER) under its default stacking rules: all must be applicable (application mode ALL), and
 * at most five apply.
 */

type Ctx = Pick<AppContext, 'db' | 'clock'>;

/** Voucherify's default stacking rules, which every project has until they can be configured. */
export const STACKING_RULES = {
  redeemables_limit: 30,
  applicable_redeemables_limit: 5,
  applicable_exclusive_redeemables_limit: 1,
  applicable_redeemables_per_category_limit: 1,
  exclusive_categories: [] as string[],
  joint_categories: [] as string[],
  redeemables_application_mode: 'ALL',
  redeemables_sorting_rule: 'REQUESTED_ORDER',
} as const;

export type Status = 'APPLICABLE' | 'INAPPLICABLE' | 'SKIPPED';

export interface FoundVoucher {
  row: VoucherRow;
  campaign: CampaignRow | null;
}

/** A promotion tier with its campaign; `stack` is the promotion stack that brought it, if one did. */
export interface FoundTier {
  row: PromotionTierRow;
  campaign: CampaignRow;
  stack: PromotionStackRow | null;
}

/** What became of one redeemable. */
export interface Outcome {
  input: RedeemableIn;
  voucher: FoundVoucher | null;
  tier: FoundTier | null;
  status: Status;
  refusal?: Refusal;
  skip?: { key: string; message: string };
  applied?: Applied;
  applicableTo: ApplicableTo | null;
}

export interface Validation {
  valid: boolean;
  outcomes: Outcome[];
  order: OrderIn | undefined;
  initial: OrderState;
  final: OrderState;
  totals: Totals;
  customer: CustomerRow | null;
  trackingId: string | null;
}

/** The discount a voucher gives, as the calculation takes it; gift credits apply like an amount off. */
function discountOf(v: VoucherRow, credits: number | undefined): DiscountDef | null {
  if (v.type === 'DISCOUNT_VOUCHER' && v.discount !== null) return JSON.parse(v.discount) as DiscountDef;
  if (v.type === 'GIFT_VOUCHER') {
    const amount = Math.min(credits ?? v.gift_balance ?? 0, v.gift_balance ?? 0);
    const effect = v.gift_effect === 'APPLY_TO_ITEMS' ? 'APPLY_TO_ITEMS_PROPORTIONALLY' : 'APPLY_TO_ORDER';
    return { type: 'AMOUNT', amount_off: amount, effect };
  }
  return null;
}

/** The discount of a promotion tier's action. */
function tierDiscountOf(t: PromotionTierRow): DiscountDef | null {
  return (JSON.parse(t.action) as { discount?: DiscountDef }).discount ?? null;
}

interface Judged {
  input: RedeemableIn;
  voucher: FoundVoucher | null;
  tier: FoundTier | null;
  refusal: Refusal | null;
  applicableTo: ApplicableTo | null;
}

interface Where {
  timeZone: string;
  customerGiven: boolean;
}

const checksOf = (r: RedeemableIn, rules: RulesContext, where: Where) => ({
  now: rules.now,
  timeZone: where.timeZone,
  customerId: rules.customer?.id ?? null,
  customerGiven: where.customerGiven,
  giftCredits: r.gift?.credits,
  orderItems: rules.order?.items?.length ?? 0,
});

const unfound = (r: RedeemableIn, refusal: Refusal): Judged => ({
  input: r,
  voucher: null,
  tier: null,
  refusal,
  applicableTo: null,
});

async function judgeVoucher(db: Kx, r: RedeemableIn, rules: RulesContext, where: Where): Promise<Judged> {
  const voucher = await findLiveVoucher(db, rules.projectId, r.id);
  if (!voucher) return unfound(r, voucherNotFoundRefusal(r.id));
  const refusal = voucherRefusal(voucher.row, voucher.campaign, checksOf(r, rules, where));
  if (refusal) return { input: r, voucher, tier: null, refusal, applicableTo: null };
  const verdict = await rulesVerdict(db, voucher.row, voucher.campaign, rules);
  return { input: r, voucher, tier: null, refusal: verdict.refusal, applicableTo: verdict.applicableTo };
}

async function judgeTier(
  db: Kx,
  r: RedeemableIn,
  rules: RulesContext,
  where: Where,
  stack: PromotionStackRow | null,
): Promise<Judged> {
  const found = await findTierWithCampaign(db, rules.projectId, r.id);
  if (!found) return unfound(r, notFoundRefusal('promotion_tier', r.id));
  const tier = { ...found, stack };
  const refusal = tierRefusal(tier.row, tier.campaign, checksOf(r, rules, where));
  if (refusal) return { input: r, voucher: null, tier, refusal, applicableTo: null };
  const verdict = await rulesVerdict(db, null, tier.campaign, rules, tier.row.id);
  return { input: r, voucher: null, tier, refusal: verdict.refusal, applicableTo: verdict.applicableTo };
}

/**
 * Judges one redeemable of the request: a voucher or a tier alone, or a stack as its tiers in the stack's
 * order (its MANUAL hierarchy), each judged as a tier.
 */
async function judge(db: Kx, r: RedeemableIn, rules: RulesContext, where: Where): Promise<Judged[]> {
  if (r.object === 'voucher') return [await judgeVoucher(db, r, rules, where)];
  if (r.object === 'promotion_tier') return [await judgeTier(db, r, rules, where, null)];
  const stack = await findLiveStack(db, rules.projectId, r.id);
  if (!stack) return [unfound(r, notFoundRefusal('promotion_stack', r.id))];
  const out: Judged[] = [];
  for (const id of JSON.parse(stack.tier_ids) as string[])
    out.push(await judgeTier(db, { object: 'promotion_tier', id }, rules, where, stack));
  return out;
}

const PRECEDING = {
  key: 'preceding_validation_failed',
  message: 'Redeemable cannot be applied due to preceding validation failure',
};
const LIMIT = {
  key: 'applicable_redeemables_limit_exceeded',
  message: 'Applicable redeemables limit exceeded',
};

/** Applies the judged redeemables in order: none if one is inapplicable (mode ALL), at most five otherwise. */
function apply(
  judged: Judged[],
  initial: OrderState,
): { outcomes: Outcome[]; final: OrderState; totals: Totals } {
  const failed = judged.some((j) => j.refusal);
  let state = initial;
  let totals = noTotals(initial);
  let applied = 0;
  const outcomes = judged.map((j): Outcome => {
    const base = { input: j.input, voucher: j.voucher, tier: j.tier, applicableTo: j.applicableTo };
    if (j.refusal) return { ...base, status: 'INAPPLICABLE', refusal: j.refusal };
    if (failed) return { ...base, status: 'SKIPPED', skip: PRECEDING };
    if (applied >= STACKING_RULES.applicable_redeemables_limit)
      return { ...base, status: 'SKIPPED', skip: LIMIT };
    applied++;
    const d = j.tier ? tierDiscountOf(j.tier.row) : discountOf(j.voucher!.row, j.input.gift?.credits);
    const result = d
      ? applyDiscount(d, state, applicableLines(state, j.applicableTo))
      : applyDiscount({ type: 'AMOUNT', amount_off: 0 }, state, []);
    state = result.order;
    totals = addTotals(totals, result);
    return { ...base, status: 'APPLICABLE', applied: result };
  });
  return { outcomes, final: state, totals };
}

export interface RedeemablesRequest {
  redeemables: RedeemableIn[];
  order?: OrderIn;
  customer?: StackableValidationIn['customer'];
  session?: unknown;
  tracking_id?: string;
  metadata?: Record<string, unknown>;
}

/** The request checks every stackable validation or redemption makes before it looks at a redeemable. */
export function checkRequest(input: RedeemablesRequest): void {
  if (input.session !== undefined) throw sessionUnsupported();
  if (input.order?.id !== undefined) throw orderNotFound(input.order.id);
  const seen = new Set<string>();
  for (const r of input.redeemables) {
    const key = `${r.object}:${r.id}`;
    if (seen.has(key)) throw duplicateRedeemable(r.object, r.id);
    seen.add(key);
  }
}

/** Where and when the redeemables are judged, and for whom. */
export interface Judging {
  projectId: string;
  now: number;
  timeZone: string;
  /** The customer the request names, when it exists. */
  customer: CustomerRow | null;
  /** Whether the request names a customer at all (a new source_id counts). */
  customerGiven: boolean;
  /** The redemption counts the `redemption.count.*` rules read. */
  counts: RedemptionCounts;
}

/**
 * The checks and the discount of a request's redeemables, read through `db` (a redemption passes its
 * transaction). Writes nothing.
 */
export async function judgeRedeemables(db: Kx, input: RedeemablesRequest, on: Judging): Promise<Validation> {
  const rules = {
    projectId: on.projectId,
    now: on.now,
    customer: on.customer,
    order: input.order,
    metadata: input.metadata,
    customerGiven: on.customerGiven,
    timeZone: on.timeZone,
    counts: on.counts,
  };
  const judged: Judged[] = [];
  const where = { timeZone: on.timeZone, customerGiven: on.customerGiven };
  for (const r of input.redeemables) judged.push(...(await judge(db, r, rules, where)));
  const initial = stateOf(input.order);
  const { outcomes, final, totals } = apply(judged, initial);
  return {
    valid: outcomes.every((o) => o.status !== 'INAPPLICABLE'),
    outcomes,
    order: input.order,
    initial,
    final,
    totals,
    customer: on.customer,
    trackingId: on.customer?.source_id ?? input.customer?.source_id ?? input.tracking_id ?? null,
  };
}

/** The stackable validation of `POST /v1/validations` and `/client/v1/validations`; reads only. */
export async function validate(
  ctx: Ctx,
  caller: Caller,
  input: RedeemablesRequest,
  counts: RedemptionCounts,
): Promise<Validation> {
  checkRequest(input);
  const db = ctx.db.kysely;
  const customer = input.customer ? await lookupCustomer(db, caller.projectId, input.customer) : null;
  const { timezone } = await getProject(ctx, caller.projectId);
  // The order as a redemption would store it: lines completed from the product catalogue, and checked.
  const order = input.order && (await resolveOrderInput(db, caller.projectId, input.order, 'order.'));
  return judgeRedeemables(
    db,
    { ...input, order },
    {
      projectId: caller.projectId,
      now: ctx.clock.now(),
      timeZone: timezone,
      customer,
      customerGiven: input.customer !== undefined,
      counts,
    },
  );
}

/**
 * The legacy `POST /v1/vouchers/{code}/validate`: the same checks and discount for one voucher. A code
 * that names no voucher is a 404 here, as the path names it; a voucher that fails a check is `valid: false`.
 */
export async function validateVoucher(
  ctx: Ctx,
  caller: Caller,
  code: string,
  input: Omit<RedeemablesRequest, 'redeemables'> & { gift?: { credits?: number } },
  counts: RedemptionCounts,
) {
  const { gift, ...rest } = input;
  const v = await validate(
    ctx,
    caller,
    { ...rest, redeemables: [{ object: 'voucher', id: code, ...(gift ? { gift } : {}) }] },
    counts,
  );
  if (!v.outcomes[0]!.voucher) throw voucherNotFound(code);
  return v;
}
