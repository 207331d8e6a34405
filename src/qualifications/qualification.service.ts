import { lookupCustomer } from '../customers/index.js';
import { iso } from '../platform/clock.js';
import type { AppContext } from '../platform/context.js';
import { invalidPayload } from '../platform/errors.js';
import { type Caller, getProject } from '../projects/index.js';
import { availableTiers, projectStacks } from '../promotions/index.js';
import {
  judgeRedeemables,
  presentOrder,
  presentRedeemables,
  type RedeemablesRequest,
  type RedemptionCounts,
  STACKING_RULES,
  type Validation,
} from '../validations/index.js';
import { vouchersOfHolder } from '../vouchers/index.js';
import { DEFAULT_LIMIT, type QualificationIn, type Scenario } from './qualification.schemas.js';

type Ctx = Pick<AppContext, 'db' | 'clock'>;
type Json = Record<string, unknown>;

/** The most vouchers of a wallet, and tiers, a qualification looks at. */
const MAX_CANDIDATES = 100;

/** A redeemable that may qualify: what to judge, when it was created, and what the answer names it. */
interface Candidate {
  redeemable: RedeemablesRequest['redeemables'][number];
  createdAt: number;
  campaign: { id: string; name: string } | null;
  name?: string;
  banner?: string;
  /** Whether its discount works on the order's items (the PRODUCTS scenarios). */
  onItems: boolean;
}

/** Refusals about the order, which AUDIENCE_ONLY does not hold against a redeemable. */
const ORDER_KEYS = new Set([
  'order_rules_violated',
  'missing_order_items',
  'invalid_order',
  'missing_amount',
  'invalid_amount',
]);

const onItems = (discount: { type?: string; effect?: string } | null | undefined) =>
  !!discount && (discount.type === 'UNIT' || (discount.effect ?? '').startsWith('APPLY_TO_ITEMS'));

async function walletCandidates(
  ctx: Ctx,
  projectId: string,
  customerId: string | null,
): Promise<Candidate[]> {
  if (!customerId) return [];
  const db = ctx.db.kysely;
  const vouchers = await vouchersOfHolder(db, projectId, customerId, MAX_CANDIDATES);
  return vouchers.map((v) => ({
    redeemable: { object: 'voucher', id: v.code },
    createdAt: v.created_at,
    campaign: null,
    onItems: onItems(v.discount === null ? null : JSON.parse(v.discount)),
  }));
}

async function tierCandidates(ctx: Ctx, projectId: string): Promise<Candidate[]> {
  const tiers = await availableTiers(ctx.db.kysely, projectId, ctx.clock.now(), MAX_CANDIDATES);
  return tiers.map((t) => ({
    redeemable: { object: 'promotion_tier', id: t.row.id },
    createdAt: t.row.created_at,
    campaign: { id: t.campaign.id, name: t.campaign.name },
    name: t.row.name,
    ...(t.row.banner !== null ? { banner: t.row.banner } : {}),
    onItems: onItems(JSON.parse(t.row.action).discount),
  }));
}

async function stackCandidates(ctx: Ctx, projectId: string): Promise<Candidate[]> {
  const stacks = await projectStacks(ctx.db.kysely, projectId);
  return stacks.map((s) => ({
    redeemable: { object: 'promotion_stack', id: s.id },
    createdAt: s.created_at,
    campaign: null,
    name: s.name,
    onItems: false,
  }));
}

/** Which redeemables a scenario looks at. */
async function candidatesOf(ctx: Ctx, projectId: string, scenario: Scenario, customerId: string | null) {
  const wallet = () => walletCandidates(ctx, projectId, customerId);
  switch (scenario) {
    case 'CUSTOMER_WALLET':
      return wallet();
    case 'PROMOTION_STACKS':
      return stackCandidates(ctx, projectId);
    case 'PRODUCTS':
    case 'PRODUCTS_DISCOUNT':
      return [...(await wallet()), ...(await tierCandidates(ctx, projectId))].filter((c) => c.onItems);
    case 'AUDIENCE_ONLY':
      return [...(await wallet()), ...(await tierCandidates(ctx, projectId))];
    case 'ALL':
      return [
        ...(await wallet()),
        ...(await tierCandidates(ctx, projectId)),
        ...(await stackCandidates(ctx, projectId)),
      ];
  }
}

const FILTER_FIELDS = ['resource_type', 'resource_id', 'campaign_id'] as const;

/** `options.filters` on `resource_type`, `resource_id` and `campaign_id` with `$in`, `$not_in`, `$is`, `$is_not`. */
function filterOf(filters: Record<string, unknown> | undefined): (c: Candidate) => boolean {
  const tests: ((c: Candidate) => boolean)[] = [];
  for (const [field, spec] of Object.entries(filters ?? {})) {
    if (field === 'junction') continue;
    if (!(FILTER_FIELDS as readonly string[]).includes(field))
      throw invalidPayload(`options.filters.${field}: filters take ${FILTER_FIELDS.join(', ')}`);
    const conditions = ((spec as { conditions?: Record<string, unknown> } | null)?.conditions ??
      {}) as Record<string, unknown>;
    const fieldOf = (c: Candidate) =>
      field === 'resource_type'
        ? c.redeemable.object
        : field === 'resource_id'
          ? c.redeemable.id
          : c.campaign?.id;
    for (const [op, arg] of Object.entries(conditions)) {
      const list = Array.isArray(arg) ? arg.map(String) : [String(arg)];
      if (op === '$in' || op === '$is') tests.push((c) => list.includes(String(fieldOf(c))));
      else if (op === '$not_in' || op === '$is_not') tests.push((c) => !list.includes(String(fieldOf(c))));
      else
        throw invalidPayload(`options.filters.${field}.conditions.${op}: use $in, $not_in, $is or $is_not`);
    }
  }
  const junction = (filters as { junction?: string } | undefined)?.junction;
  return junction === 'or' || junction === 'OR'
    ? (c) => tests.length === 0 || tests.some((t) => t(c))
    : (c) => tests.every((t) => t(c));
}

interface Qualified {
  candidate: Candidate;
  validation: Validation;
  discount: number;
}

/** Whether a judged redeemable qualifies under the scenario. */
function qualifies(scenario: Scenario, v: Validation, discount: number, itemsDiscount: number): boolean {
  if (scenario === 'AUDIENCE_ONLY')
    return v.outcomes.every((o) => o.status === 'APPLICABLE' || (o.refusal && ORDER_KEYS.has(o.refusal.key)));
  if (!v.valid || v.outcomes.some((o) => o.status !== 'APPLICABLE')) return false;
  return scenario !== 'PRODUCTS_DISCOUNT' || (itemsDiscount > 0 && discount > 0);
}

/** DEFAULT: newest first; BEST_DEAL: the largest discount first; LEAST_DEAL: the smallest. Ties newest first. */
function sorter(rule: string) {
  return (a: Qualified, b: Qualified) => {
    const byDeal =
      rule === 'BEST_DEAL' ? b.discount - a.discount : rule === 'LEAST_DEAL' ? a.discount - b.discount : 0;
    if (byDeal !== 0) return byDeal;
    if (a.candidate.createdAt !== b.candidate.createdAt) return b.candidate.createdAt - a.candidate.createdAt;
    return a.candidate.redeemable.id < b.candidate.redeemable.id ? -1 : 1;
  };
}

function presentQualified(q: Qualified, requestId: string): Json {
  const c = q.candidate;
  const [entry] = presentRedeemables(q.validation, requestId, false);
  const { status: _status, id: _id, object: _object, ...rest } = entry!;
  const outcome = q.validation.outcomes[0];
  const campaign = c.campaign ?? outcome?.voucher?.campaign ?? outcome?.tier?.campaign ?? null;
  return {
    id: c.redeemable.id,
    object: c.redeemable.object,
    created_at: iso(c.createdAt),
    ...rest,
    ...(c.banner !== undefined ? { banner: c.banner } : {}),
    ...(c.name !== undefined ? { name: c.name } : {}),
    ...(campaign ? { campaign_name: campaign.name, campaign_id: campaign.id } : {}),
  };
}

/**
 * `POST /v1/qualifications` and `/client/v1/qualifications`: which redeemables a customer could use on an
 * order now — the vouchers the customer holds, the promotion tiers that apply, the promotion stacks — as the
 * scenario asks, each judged alone with the validations' checks, rules and discount; sorted by the sorting
 * rule and paged by `starting_after` (the `created_at` of the last redeemable of the previous page). Reads
 * only: an unknown customer is not created.
 */
export async function qualify(
  ctx: Ctx,
  caller: Caller,
  input: QualificationIn,
  counts: RedemptionCounts,
): Promise<Json> {
  const db = ctx.db.kysely;
  const scenario = input.scenario ?? 'ALL';
  const options = input.options ?? {};
  const customer = input.customer ? await lookupCustomer(db, caller.projectId, input.customer) : null;
  const { timezone } = await getProject(ctx, caller.projectId);
  const now = ctx.clock.now();
  const keep = filterOf(options.filters);
  const before =
    options.starting_after === undefined ? Number.POSITIVE_INFINITY : Date.parse(options.starting_after);
  const candidates = (await candidatesOf(ctx, caller.projectId, scenario, customer?.id ?? null)).filter(
    (c) => keep(c) && c.createdAt < before,
  );
  const qualified: Qualified[] = [];
  for (const candidate of candidates) {
    const validation = await judgeRedeemables(
      db,
      { redeemables: [candidate.redeemable], order: input.order, metadata: input.metadata },
      {
        projectId: caller.projectId,
        now,
        timeZone: timezone,
        customer,
        customerGiven: input.customer !== undefined,
        counts,
      },
    );
    const { discount, itemsDiscount } = validation.totals;
    if (qualifies(scenario, validation, discount + itemsDiscount, itemsDiscount))
      qualified.push({ candidate, validation, discount: discount + itemsDiscount });
  }
  qualified.sort(sorter(options.sorting_rule ?? 'DEFAULT'));
  const limit = options.limit ?? DEFAULT_LIMIT;
  const page = qualified.slice(0, limit);
  const hasMore = qualified.length > limit;
  const data = page.map((q) => presentQualified(q, caller.requestId));
  const redeemables: Json = { object: 'list', data_ref: 'data', data, total: data.length, has_more: hasMore };
  if (hasMore) redeemables.more_starting_after = iso(page[page.length - 1]!.candidate.createdAt);
  const out: Json = { redeemables };
  const trackingId = customer?.source_id ?? input.customer?.source_id ?? input.tracking_id;
  if (trackingId) out.tracking_id = trackingId;
  if (input.order) {
    const empty = await judgeRedeemables(
      db,
      { redeemables: [], order: input.order },
      { projectId: caller.projectId, now, timeZone: timezone, customer, customerGiven: false, counts },
    );
    out.order = presentOrder(
      input.order,
      empty.initial.amount,
      empty.final,
      empty.totals,
      customer?.id ?? null,
    );
  }
  out.stacking_rules = STACKING_RULES;
  return out;
}
