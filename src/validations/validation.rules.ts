import type { CampaignRow } from '../campaigns/index.js';
import type { CustomerRow } from '../customers/index.js';
import type { Kx } from '../platform/db/connect.js';
import { segmentIdsOfCustomer } from '../segments/index.js';
import { evaluateRules, findRulesForRedeemable, type RuleOrderItem } from '../validation-rules/index.js';
import type { VoucherRow } from '../vouchers/index.js';
import type { Refusal } from './validation.checks.js';
import type { ApplicableTo, ItemTarget } from './validation.order.js';
import type { OrderIn } from './validation.schemas.js';
import { localTime } from '../platform/validity.js';

/** What a `redemption.count.*` rule counts: the redemptions of the object the rule is assigned to. */
export interface CountScope {
  type: string;
  id: string;
}

/**
 * The redemption counts the rule engine reads, supplied by whoever judges: a validation reads them, a
 * redemption reads them under a lock on the scope's row, so that two redemptions by one customer cannot both
 * see the count before the other's.
 */
export interface RedemptionCounts {
  /**
   * Succeeded redemptions that are not rolled back, of the project's scope: by `customerId` (null without a
   * customer), and by anyone since `since` (epoch ms, the start of the project's day).
   */
  count(
    projectId: string,
    scope: CountScope,
    customerId: string | null,
    since: number,
  ): Promise<{ perCustomer: number | null; daily: number }>;
}

/** What the validation rules of a redeemable are judged against. */
export interface RulesContext {
  projectId: string;
  now: number;
  customer: CustomerRow | null;
  order: OrderIn | undefined;
  metadata: Record<string, unknown> | undefined;
  /** Whether the request names a customer, stored or not yet: one not stored yet has no redemptions. */
  customerGiven: boolean;
  /** The project's time zone: `redemption.count.daily` counts from the start of its day. */
  timeZone: string;
  counts: RedemptionCounts;
}

export interface RulesVerdict {
  /** The failing rule as a refusal (its key and message), or null when the rules pass. */
  refusal: Refusal | null;
  /** The items the rules let an item discount apply to; null when they do not say. */
  applicableTo: ApplicableTo | null;
}

function ruleItems(order: OrderIn | undefined): RuleOrderItem[] | null {
  if (!order?.items) return null;
  return order.items.map((i) => ({
    product_id: i.product_id ?? i.product?.id ?? null,
    sku_id: i.sku_id ?? i.sku?.id ?? null,
    source_id: i.source_id ?? null,
    product_source_id: i.product?.source_id ?? null,
    sku_source_id: i.sku?.source_id ?? null,
    related_object: i.related_object ?? null,
    quantity: i.quantity ?? null,
    price: i.price ?? i.sku?.price ?? i.product?.price ?? null,
    amount: i.amount ?? null,
    metadata: (i.metadata as Record<string, unknown> | undefined) ?? null,
  }));
}

/** The rules' item targets, merged: an item discount applies to what any rule includes and none excludes. */
function mergedApplicableTo(lists: { included: unknown[]; excluded: unknown[]; included_all: boolean }[]) {
  const said = lists.filter((l) => l.included_all || l.included.length > 0 || l.excluded.length > 0);
  if (said.length === 0) return null;
  return {
    included_all: said.some((l) => l.included_all),
    included: said.flatMap((l) => l.included as ItemTarget[]),
    excluded: said.flatMap((l) => l.excluded as ItemTarget[]),
  } satisfies ApplicableTo;
}

/** The start of the day of `now` in the time zone, as epoch ms. */
function dayStart(now: number, timeZone: string): number {
  return now - localTime(now, timeZone).minutes * 60_000 - (now % 60_000);
}

const countsRules = (rule: { rules: unknown }) => JSON.stringify(rule.rules).includes('"redemption.count.');

/**
 * The validation rules' check of one voucher (or promotion tier): the rules assigned to its campaign and to
 * it (through the validation-rules door), judged by the rule engine against the request's customer (with its segments),
 * order and metadata. A rule that reads `redemption.count.*` sees the redemptions of the object it is
 * assigned to (the voucher, or the whole campaign), counted through `context.counts`; a rule without one
 * costs no count.
 */
export async function rulesVerdict(
  db: Kx,
  voucher: VoucherRow | null,
  campaign: CampaignRow | null,
  context: RulesContext,
  promotionTierId?: string,
): Promise<RulesVerdict> {
  const rules = await findRulesForRedeemable(db, context.projectId, {
    voucherId: voucher?.id ?? null,
    campaignId: voucher ? (voucher.campaign_id ?? undefined) : campaign?.id,
    promotionTierId: promotionTierId ?? null,
  });
  if (rules.length === 0) return { refusal: null, applicableTo: null };
  const customer = context.customer;
  const facts = {
    customer: customer && {
      id: customer.id,
      source_id: customer.source_id,
      metadata: JSON.parse(customer.metadata) as Record<string, unknown>,
      segment_ids: await segmentIdsOfCustomer(db, context.projectId, customer.id),
    },
    order: context.order && {
      amount: context.order.amount ?? null,
      initial_amount: context.order.initial_amount ?? null,
      items: ruleItems(context.order),
      metadata: (context.order.metadata as Record<string, unknown> | undefined) ?? null,
    },
    voucher: voucher && { id: voucher.id, code: voucher.code, campaign_id: voucher.campaign_id },
    campaign: campaign && { id: campaign.id, name: campaign.name },
    now: context.now,
  };
  // Rules in order; each rule that counts redemptions sees the counts of its own assignment's object.
  let result: ReturnType<typeof evaluateRules> = { valid: true };
  const since = dayStart(context.now, context.timeZone);
  const counted = new Map<string, { per_customer: number | null; daily: number }>();
  for (const rule of rules) {
    let redemptions = { per_customer: null as number | null, daily: 0 };
    if (countsRules(rule)) {
      const scope = { type: rule.assignment.related_object_type, id: rule.assignment.related_object_id };
      const key = `${scope.type}:${scope.id}`;
      let c = counted.get(key);
      if (!c) {
        const n = await context.counts.count(context.projectId, scope, customer?.id ?? null, since);
        c = { per_customer: n.perCustomer ?? (context.customerGiven ? 0 : null), daily: n.daily };
        counted.set(key, c);
      }
      redemptions = c;
    }
    result = evaluateRules([rule], { ...facts, redemptions });
    if (!result.valid) break;
  }
  if (!result.valid) {
    const f = result.failure;
    return {
      refusal: {
        code: 400,
        key: f.key,
        message: f.error?.message ?? f.message,
        details: `Validation rule ${f.rule_id}, rule ${f.rule} (${f.name}), is not met`,
        resourceId: f.rule_id,
        resourceType: 'validation_rule',
        ...(f.error?.message ? { ruleMessage: f.error.message } : {}),
      },
      applicableTo: null,
    };
  }
  return { refusal: null, applicableTo: mergedApplicableTo(rules.map((r) => r.applicable_to)) };
}
