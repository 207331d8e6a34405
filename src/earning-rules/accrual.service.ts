import { type CampaignRow, findAnyCampaign } from '../campaigns/index.js';
import { type CustomerRow, customersByIds } from '../customers/index.js';
import {
  addLoyaltyPoints,
  announceTierChange,
  heldLoyaltyCards,
  type LoyaltyCause,
  memberTier,
  publishLoyaltyCard,
  type TierChange,
} from '../loyalties/index.js';
import { type OrderRow, presentSimpleOrder } from '../orders/index.js';
import type { Tx } from '../platform/db/transaction.js';
import { type Caller, projectTimeZone } from '../projects/index.js';
import { segmentIdsOfCustomer } from '../segments/index.js';
import { evaluateRules, findEngineRule } from '../validation-rules/index.js';
import { withinValidity } from '../platform/validity.js';
import type { VoucherRow } from '../vouchers/index.js';
import { applyMultiplier, type Loyalty, pointsFor } from './earning-rule.loyalty.js';
import { presentEarningRule, presentSimpleEarningRule } from './earning-rule.presenter.js';
import * as repo from './earning-rule.repository.js';
import type { EarningRuleRow } from './earning-rule.table.js';
import { addPendingPoints } from './pending-points.service.js';
import { recordRewarded, simpleEventOf } from './accrual.events.js';

/**
 * Accruals: what an event earns the customer's loyalty cards under the earning rules that listen to it,
 * inside the transaction of the request or job that caused it (an order paid, a custom event, a member's
 * tier change, whatever moved the points). Each rule that applies adds points to one card, as a
 * POINTS_ACCRUAL (with `customer.rewarded.loyalty_points`), or, with `pending_points`, as pending points
 * (`lopp_…`) that activate later.
 */

/** Who caused the accrual: a request (`Caller`), or background work (channel INTERNAL) for tier changes. */
export type AccrualCause = Caller | LoyaltyCause;

type Json = Record<string, unknown>;

export interface AccrualTrigger {
  /** `order.paid`, a custom event's name, or `customer.loyalty.tier.*`. */
  event: string;
  customer: CustomerRow;
  order?: OrderRow | null;
  eventMetadata?: Json | null;
  /** A custom event's `loyalty.code`: only this card of the customer earns. */
  loyaltyCode?: string | null;
  /** A tier event: only rules of this campaign naming this tier apply. */
  tier?: { campaignId: string; tierId: string } | null;
  /** How many tier changes led to this trigger (`TierChange.depth` + 1 for a tier event; 0 otherwise). */
  depth?: number;
}

// The points of a tier rule can move the member to another tier, whose rules accrue again: the rules of at
// most this many tier changes in a row apply (the first is the change a request or job made).
const MAX_TIER_DEPTH = 3;

const parsed = <T>(v: string | null): T | null => (v === null ? null : (JSON.parse(v) as T));

/** Whether the rule is live now: its dates and its validity windows (in the project's time zone). */
function ruleLive(rule: EarningRuleRow, now: number, timeZone: string): boolean {
  if (rule.start_date !== null && now < rule.start_date) return false;
  if (rule.expiration_date !== null && now > rule.expiration_date) return false;
  return withinValidity(
    {
      start_date: rule.start_date,
      validity_timeframe: parsed(rule.validity_timeframe),
      validity_day_of_week: parsed(rule.validity_day_of_week),
      validity_hours: parsed(rule.validity_hours),
    },
    now,
    timeZone,
  );
}

function campaignLive(c: CampaignRow | undefined, now: number): c is CampaignRow {
  if (!c || c.deleted_at !== null || c.active !== 1 || c.campaign_type !== 'LOYALTY_PROGRAM') return false;
  if (c.start_date !== null && now < c.start_date) return false;
  return c.expiration_date === null || now <= c.expiration_date;
}

const orderItems = (o: OrderRow) => JSON.parse(o.items) as Json[];

/** The rule's validation rule, if it has one, holds for these facts. */
async function rulePasses(
  tx: Tx,
  caller: AccrualCause,
  rule: EarningRuleRow,
  t: AccrualTrigger,
): Promise<boolean> {
  if (rule.validation_rule_id === null) return true;
  const engineRule = await findEngineRule(tx.db, caller.projectId, rule.validation_rule_id);
  // A validation rule deleted since: nothing to check against, so the earning rule does not apply.
  if (!engineRule) return false;
  const c = t.customer;
  const result = evaluateRules([engineRule], {
    customer: {
      id: c.id,
      source_id: c.source_id,
      metadata: JSON.parse(c.metadata) as Json,
      segment_ids: await segmentIdsOfCustomer(tx.db, caller.projectId, c.id),
    },
    order: t.order
      ? {
          amount: t.order.amount,
          initial_amount: t.order.initial_amount,
          items: orderItems(t.order),
          metadata: JSON.parse(t.order.metadata) as Json,
        }
      : null,
    custom_event: t.eventMetadata ? { metadata: t.eventMetadata } : null,
    now: tx.now,
  });
  return result.valid;
}

/** The card of the campaign that earns: the one `loyalty.code` names, else the oldest held; auto_join publishes one. */
async function cardFor(
  tx: Tx,
  caller: AccrualCause,
  campaign: CampaignRow,
  t: AccrualTrigger,
): Promise<{ card: VoucherRow; publicationId: string | null } | null> {
  const held = await heldLoyaltyCards(tx.db, caller.projectId, t.customer.id, campaign.id);
  if (t.loyaltyCode) {
    const card = held.find((c) => c.code === t.loyaltyCode);
    return card ? { card, publicationId: null } : null;
  }
  if (held[0]) return { card: held[0], publicationId: null };
  // Background work publishes no cards (its triggers, tier changes, name their card anyway).
  if (campaign.auto_join !== 1 || !fromRequest(caller)) return null;
  const joined = await publishLoyaltyCard(tx, caller, { campaign, customer: { id: t.customer.id } });
  return { card: joined.card, publicationId: joined.publicationId };
}

/** The order.paid earning rules for an order that has just become PAID (nothing without a customer). */
export async function accrueForPaidOrder(tx: Tx, caller: Caller, order: OrderRow): Promise<void> {
  if (order.customer_id === null) return;
  const customer = (await customersByIds(tx.db, caller.projectId, [order.customer_id])).get(
    order.customer_id,
  );
  if (!customer || customer.deleted_at !== null) return;
  await accrueForEvent(tx, caller, { event: 'order.paid', customer, order });
}

/** Applies every active rule listening to the trigger's event. */
export async function accrueForEvent(tx: Tx, caller: AccrualCause, t: AccrualTrigger): Promise<void> {
  const rules = await repo.activeRulesFor(tx.db, caller.projectId, t.event, t.tier?.campaignId);
  if (rules.length === 0) return;
  const timezone = await projectTimeZone(tx.db, caller.projectId);
  const event = simpleEventOf(tx, caller, t);
  const campaigns = new Map<string, CampaignRow | undefined>();
  for (const rule of rules) {
    if (t.tier && parsed<{ id: string }>(rule.loyalty_tier)?.id !== t.tier.tierId) continue;
    if (!campaigns.has(rule.campaign_id))
      campaigns.set(rule.campaign_id, await findAnyCampaign(tx.db, caller.projectId, rule.campaign_id));
    const campaign = campaigns.get(rule.campaign_id);
    if (!campaignLive(campaign, tx.now) || !ruleLive(rule, tx.now, timezone)) continue;
    if (!(await rulePasses(tx, caller, rule, t))) continue;
    const found = await cardFor(tx, caller, campaign, t);
    if (!found) continue;
    await accrueOne(tx, caller, { rule, campaign, trigger: t, event, ...found });
  }
}

interface OneAccrual {
  rule: EarningRuleRow;
  campaign: CampaignRow;
  trigger: AccrualTrigger;
  event: Json;
  card: VoucherRow;
  publicationId: string | null;
}

/** The points of one rule for one card: the rule's loyalty, then the member's tier mapping of the rule. */
async function pointsOf(tx: Tx, a: OneAccrual) {
  const t = a.trigger;
  const base = pointsFor(JSON.parse(a.rule.loyalty) as Loyalty, {
    order: t.order
      ? {
          amount: t.order.amount,
          total_amount: t.order.total_amount,
          metadata: JSON.parse(t.order.metadata) as Json,
          items: orderItems(t.order),
        }
      : null,
    customerMetadata: JSON.parse(t.customer.metadata) as Json,
    eventMetadata: t.eventMetadata ?? null,
  });
  const tier = await memberTier(tx.db, a.card);
  const mapping = tier?.earningRules[a.rule.id];
  const points =
    mapping?.type === 'CUSTOM'
      ? mapping.points
      : applyMultiplier(base, mapping?.type === 'MULTIPLY' ? mapping.multiplier : null);
  return { points, tier };
}

async function accrueOne(tx: Tx, caller: AccrualCause, a: OneAccrual): Promise<void> {
  const { points, tier } = await pointsOf(tx, a);
  if (!(points > 0)) return;
  const t = a.trigger;
  if (a.rule.pending_points !== null && t.order) {
    await addPendingPoints(tx, caller, { ...a, order: t.order, points, tier: tier?.row ?? null });
    return;
  }
  const earningRule = presentEarningRule(a.rule);
  const details: Json = {
    event: { id: a.event.id, type: a.event.type },
    earning_rule: { id: a.rule.id, source: { banner: a.rule.source_banner ?? '' } },
  };
  // The transaction's details name the order by id, and by source_id when it has one (never null there).
  if (t.order)
    details.order = {
      id: t.order.id,
      ...(t.order.source_id !== null ? { source_id: t.order.source_id } : {}),
    };
  if (tier) details.loyalty_tier = { id: tier.row.id, name: tier.row.name };
  const moved = await addLoyaltyPoints(tx, {
    cause: caller,
    card: a.card,
    points,
    type: 'POINTS_ACCRUAL',
    details,
    eventData: {
      order: t.order ? presentSimpleOrder(t.order) : null,
      event: a.event,
      earning_rule: presentSimpleEarningRule(a.rule),
      loyalty_tier: tier?.json ?? null,
    },
    tierDepth: t.depth ?? 0,
    // customer.rewarded first, then the tier rules its points set off.
    deferTierChange: true,
  });
  await recordRewarded(tx, caller, { ...a, moved, earningRule, tier: tier?.json ?? null });
  await announceTierChange(tx, moved.tierChange);
}

const fromRequest = (c: AccrualCause): c is Caller =>
  c.source.channel === 'API' || c.source.channel === 'CLIENT_API';

/**
 * The tier rules of a member's tier change, whatever moved the points (the loyalties context's tier listener,
 * registered at assembly): the rules of the program naming the old tier for `left`, the new one for
 * `joined` and for `upgraded` or `downgraded` (by the tiers' lower bounds), each applying to that card only.
 * Their points may change the tier again, whose rules apply in turn, up to MAX_TIER_DEPTH changes in a row.
 */
export async function applyTierRules(tx: Tx, change: TierChange): Promise<void> {
  const depth = change.depth + 1;
  const { card, before, after } = change;
  const customer = change.holder;
  if (before?.id === after?.id || depth > MAX_TIER_DEPTH || !customer || customer.deleted_at !== null) return;
  // Most programs have no tier rules: one look, rather than the rules of each change's event in turn.
  if (!(await repo.hasActiveTierRules(tx.db, change.cause.projectId, change.campaign.id))) return;
  const changes: [string, string][] = [];
  if (before) changes.push(['customer.loyalty.tier.left', before.id]);
  if (after) {
    changes.push(['customer.loyalty.tier.joined', after.id]);
    if (before)
      changes.push([
        after.points_from > before.points_from
          ? 'customer.loyalty.tier.upgraded'
          : 'customer.loyalty.tier.downgraded',
        after.id,
      ]);
  }
  for (const [event, tierId] of changes)
    await accrueForEvent(tx, change.cause, {
      event,
      customer,
      loyaltyCode: card.code,
      tier: { campaignId: change.campaign.id, tierId },
      depth,
    });
}
