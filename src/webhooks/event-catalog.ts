/**
 * The 60 event types a project-settings webhook can subscribe to (webhook version v2024-01-01),
 * grouped as on Voucherify's project-settings page. The catalog is data: the dashboard and the
 * Management API read it from here.
 */

export const EVENT_GROUPS = [
  'Redemption',
  'Publication',
  'Customer',
  'Voucher',
  'Campaign',
  'Promotion tier',
  'Business validation rule',
  'Earning rule',
  'Loyalty tier',
  'Promotion stack',
  'Referral tier',
  'Reward assignment',
  'Voucher generation',
] as const;

export type EventGroup = (typeof EVENT_GROUPS)[number];

export const EVENT_TYPES = [
  'redemption.succeeded',
  'redemption.failed',
  'redemption.rollback.succeeded',
  'redemption.rollback.failed',
  'publication.succeeded',
  'customer.created',
  'customer.deleted',
  'customer.confirmed',
  'customer.rewarded',
  'customer.rewarded.loyalty_points',
  'voucher.created',
  'voucher.updated',
  'voucher.deleted',
  'voucher.enabled',
  'voucher.disabled',
  'voucher.published',
  'voucher.gift.balance_added',
  'voucher.gift.transaction.created',
  'voucher.loyalty_card.points_added',
  'voucher.loyalty_card.points_expired',
  'voucher.loyalty_card.transaction.created',
  'voucher.loyalty_card.pending_points.added',
  'voucher.loyalty_card.pending_points.activated',
  'voucher.loyalty_card.pending_points.updated',
  'voucher.loyalty_card.pending_points.canceled',
  'campaign.created',
  'campaign.updated',
  'campaign.deleted',
  'campaign.enabled',
  'campaign.disabled',
  'campaign.vouchers.added',
  'campaign.promotion_tier.created',
  'campaign.promotion_tier.updated',
  'campaign.promotion_tier.deleted',
  'campaign.promotion_tier.enabled',
  'campaign.promotion_tier.disabled',
  'business_validation_rule.created',
  'business_validation_rule.updated',
  'business_validation_rule.deleted',
  'business_validation_rule.assignment.created',
  'business_validation_rule.assignment.deleted',
  'campaign.earning_rule.assigned',
  'campaign.earning_rule.updated',
  'campaign.earning_rule.deleted',
  'campaign.earning_rule.enabled',
  'campaign.earning_rule.disabled',
  'campaign.loyalty_tier.created',
  'campaign.loyalty_tier.updated',
  'campaign.loyalty_tier.deleted',
  'campaign.promotion_stack.created',
  'campaign.promotion_stack.updated',
  'campaign.referral_tier.created',
  'campaign.referral_tier.updated',
  'campaign.referral_tier.deleted',
  'campaign.reward.assignment.created',
  'campaign.reward.assignment.updated',
  'campaign.reward.assignment.deleted',
  'campaign.vouchers.generation.started',
  'campaign.vouchers.generation.completed',
  'campaign.vouchers.generation.failed',
] as const;

/** One string-literal union of the 60 types. */
export type EventType = (typeof EVENT_TYPES)[number];

export interface EventTypeInfo {
  type: EventType;
  group: EventGroup;
  label: string;
}

/** The group of a type; the switch is exhaustive, so a new type does not compile until it is placed. */
export function groupOf(type: EventType): EventGroup {
  switch (type) {
    case 'redemption.succeeded':
    case 'redemption.failed':
    case 'redemption.rollback.succeeded':
    case 'redemption.rollback.failed':
      return 'Redemption';
    case 'publication.succeeded':
      return 'Publication';
    case 'customer.created':
    case 'customer.deleted':
    case 'customer.confirmed':
    case 'customer.rewarded':
    case 'customer.rewarded.loyalty_points':
      return 'Customer';
    case 'voucher.created':
    case 'voucher.updated':
    case 'voucher.deleted':
    case 'voucher.enabled':
    case 'voucher.disabled':
    case 'voucher.published':
    case 'voucher.gift.balance_added':
    case 'voucher.gift.transaction.created':
    case 'voucher.loyalty_card.points_added':
    case 'voucher.loyalty_card.points_expired':
    case 'voucher.loyalty_card.transaction.created':
    case 'voucher.loyalty_card.pending_points.added':
    case 'voucher.loyalty_card.pending_points.activated':
    case 'voucher.loyalty_card.pending_points.updated':
    case 'voucher.loyalty_card.pending_points.canceled':
      return 'Voucher';
    case 'campaign.created':
    case 'campaign.updated':
    case 'campaign.deleted':
    case 'campaign.enabled':
    case 'campaign.disabled':
    case 'campaign.vouchers.added':
      return 'Campaign';
    case 'campaign.promotion_tier.created':
    case 'campaign.promotion_tier.updated':
    case 'campaign.promotion_tier.deleted':
    case 'campaign.promotion_tier.enabled':
    case 'campaign.promotion_tier.disabled':
      return 'Promotion tier';
    case 'business_validation_rule.created':
    case 'business_validation_rule.updated':
    case 'business_validation_rule.deleted':
    case 'business_validation_rule.assignment.created':
    case 'business_validation_rule.assignment.deleted':
      return 'Business validation rule';
    case 'campaign.earning_rule.assigned':
    case 'campaign.earning_rule.updated':
    case 'campaign.earning_rule.deleted':
    case 'campaign.earning_rule.enabled':
    case 'campaign.earning_rule.disabled':
      return 'Earning rule';
    case 'campaign.loyalty_tier.created':
    case 'campaign.loyalty_tier.updated':
    case 'campaign.loyalty_tier.deleted':
      return 'Loyalty tier';
    case 'campaign.promotion_stack.created':
    case 'campaign.promotion_stack.updated':
      return 'Promotion stack';
    case 'campaign.referral_tier.created':
    case 'campaign.referral_tier.updated':
    case 'campaign.referral_tier.deleted':
      return 'Referral tier';
    case 'campaign.reward.assignment.created':
    case 'campaign.reward.assignment.updated':
    case 'campaign.reward.assignment.deleted':
      return 'Reward assignment';
    case 'campaign.vouchers.generation.started':
    case 'campaign.vouchers.generation.completed':
    case 'campaign.vouchers.generation.failed':
      return 'Voucher generation';
    default: {
      const unhandled: never = type;
      throw new Error(`event type without a group: ${String(unhandled)}`);
    }
  }
}

/**
 * The key in `data` of the object a type is about; its id is the event's `entity_id`. Exhaustive over the
 * groups, so a new group does not compile until its main object is named.
 */
export function mainObjectOf(type: EventType): string {
  const group = groupOf(type);
  switch (group) {
    case 'Redemption':
      return type.startsWith('redemption.rollback.') ? 'redemption_rollback' : 'redemption';
    case 'Publication':
      return 'publication';
    case 'Customer':
      return 'customer';
    case 'Voucher':
      return 'voucher';
    case 'Campaign':
    case 'Voucher generation':
      return 'campaign';
    case 'Promotion tier':
      return 'promotion_tier';
    case 'Business validation rule':
      return type.startsWith('business_validation_rule.assignment.') ? 'assignment' : 'rule';
    case 'Earning rule':
      return 'earning_rule';
    case 'Loyalty tier':
      return 'loyalty_tier';
    case 'Promotion stack':
      return 'promotion_stack';
    case 'Referral tier':
      return 'referral_tier';
    case 'Reward assignment':
      return 'reward_assignment';
    default: {
      const unhandled: never = group;
      throw new Error(`group without a main object: ${String(unhandled)}`);
    }
  }
}

/** `voucher.loyalty_card.pending_points.added` → "Loyalty card pending points added". */
function labelOf(type: EventType): string {
  const words = type
    .split('.')
    .filter(
      (part, i) => !(i === 0 && (part === 'campaign' || part === 'voucher') && type.split('.').length > 2),
    )
    .join(' ')
    .replace(/_/g, ' ')
    .replace(/^business validation rule/, 'validation rule');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const EVENT_CATALOG: readonly EventTypeInfo[] = Object.freeze(
  EVENT_TYPES.map((type) => Object.freeze({ type, group: groupOf(type), label: labelOf(type) })),
);

const KNOWN = new Set<string>(EVENT_TYPES);

/** Upstream's Management API enum misspells four names; they are accepted and stored correctly spelled. */
export const EVENT_ALIASES: Readonly<Record<string, EventType>> = Object.freeze({
  'campaign.vouchers.aded': 'campaign.vouchers.added',
  'voucher.gift.balance_aded': 'voucher.gift.balance_added',
  'voucher.loyalty_card.pending_points.aded': 'voucher.loyalty_card.pending_points.added',
  'voucher.loyalty_card.points_aded': 'voucher.loyalty_card.points_added',
});

export function isEventType(value: string): value is EventType {
  return KNOWN.has(value);
}

/** The catalog's spelling of a type name, or null when it is not one of the 60 (or an alias). */
export function canonicalEventType(value: string): EventType | null {
  if (isEventType(value)) return value;
  return EVENT_ALIASES[value] ?? null;
}
