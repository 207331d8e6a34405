import { invalidPayload } from '../platform/errors.js';

/**
 * The `loyalty` of an earning rule: how many points one event earns. FIXED gives `points`; PROPORTIONAL
 * gives `points` for every whole `every` of a number the event carries (an order's amount in cents, the
 * quantity or amount of the order's lines of one product or SKU, a numeric metadata property of the order,
 * customer or custom event): `floor(value / every) × points`. Checked once when a rule is written, naming
 * the field at fault; pure, so that the accrual table test can drive it.
 */

export type Ratio = { every: number; points: number };
export type ItemsRatio = Ratio & { object: 'product' | 'sku'; id: string };
export type MetadataRatio = Ratio & { property: string };

export type Loyalty =
  | { type: 'FIXED'; points: number }
  | { type: 'PROPORTIONAL'; calculation_type: 'ORDER_AMOUNT'; order: { amount: Ratio } }
  | { type: 'PROPORTIONAL'; calculation_type: 'ORDER_TOTAL_AMOUNT'; order: { total_amount: Ratio } }
  | { type: 'PROPORTIONAL'; calculation_type: 'ORDER_METADATA'; order: { metadata: MetadataRatio } }
  | { type: 'PROPORTIONAL'; calculation_type: 'ORDER_ITEMS_QUANTITY'; order_items: { quantity: ItemsRatio } }
  | { type: 'PROPORTIONAL'; calculation_type: 'ORDER_ITEMS_AMOUNT'; order_items: { amount: ItemsRatio } }
  | {
      type: 'PROPORTIONAL';
      calculation_type: 'ORDER_ITEMS_SUBTOTAL_AMOUNT';
      order_items: { subtotal_amount: ItemsRatio };
    }
  | { type: 'PROPORTIONAL'; calculation_type: 'CUSTOMER_METADATA'; customer: { metadata: MetadataRatio } }
  | {
      type: 'PROPORTIONAL';
      calculation_type: 'CUSTOM_EVENT_METADATA';
      custom_event: { metadata: MetadataRatio };
    };

type CalcType = Exclude<Loyalty, { type: 'FIXED' }>['calculation_type'];

/** Where each calculation type keeps its ratio, and what the ratio carries besides `every` and `points`. */
const CALCULATIONS: Record<CalcType, { section: string; key: string; extra: 'items' | 'property' | null }> = {
  ORDER_AMOUNT: { section: 'order', key: 'amount', extra: null },
  ORDER_TOTAL_AMOUNT: { section: 'order', key: 'total_amount', extra: null },
  ORDER_METADATA: { section: 'order', key: 'metadata', extra: 'property' },
  ORDER_ITEMS_QUANTITY: { section: 'order_items', key: 'quantity', extra: 'items' },
  ORDER_ITEMS_AMOUNT: { section: 'order_items', key: 'amount', extra: 'items' },
  ORDER_ITEMS_SUBTOTAL_AMOUNT: { section: 'order_items', key: 'subtotal_amount', extra: 'items' },
  CUSTOMER_METADATA: { section: 'customer', key: 'metadata', extra: 'property' },
  CUSTOM_EVENT_METADATA: { section: 'custom_event', key: 'metadata', extra: 'property' },
};

/** Which events a calculation can read: the order's only on order.paid, the custom event's only on one. */
export type EventKind = 'order' | 'custom' | 'other';

/** The tier events an earning rule can listen to. */
export const TIER_EVENTS = ['joined', 'left', 'upgraded', 'downgraded', 'prolonged'].map(
  (t) => `customer.loyalty.tier.${t}`,
);

/** Which facts an event carries: an order (order.paid), a custom event's metadata, or neither. */
export function eventKind(event: string): EventKind {
  if (event === 'order.paid') return 'order';
  if (event === 'customer.segment.entered' || TIER_EVENTS.includes(event)) return 'other';
  return 'custom';
}

const bad = (field: string, what: string) => invalidPayload(`${field} ${what}`);

type In = Record<string, unknown>;

function count(v: unknown, field: string, min: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > Number.MAX_SAFE_INTEGER)
    throw bad(field, `must be an integer of at least ${min}`);
  return v;
}

function ratio(raw: unknown, field: string, extra: 'items' | 'property' | null): Ratio {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw bad(field, 'must be an object');
  const r = raw as In;
  const out: In = {
    every: count(r.every, `${field}.every`, 1),
    points: count(r.points, `${field}.points`, 0),
  };
  if (extra === 'property') {
    if (typeof r.property !== 'string' || r.property === '') throw bad(`${field}.property`, 'is required');
    out.property = r.property;
  }
  if (extra === 'items') {
    if (r.object === 'products_collection')
      throw bad(`${field}.object`, 'products_collection cannot be evaluated (no collections are kept)');
    if (r.object !== 'product' && r.object !== 'sku') throw bad(`${field}.object`, 'must be product or sku');
    if (typeof r.id !== 'string' || r.id === '') throw bad(`${field}.id`, 'is required');
    out.object = r.object;
    out.id = r.id;
  }
  return out as Ratio;
}

/** The rule's `loyalty` as stored, or a 400 naming the field; `kind` says which facts the event carries. */
export function normaliseLoyalty(raw: In, kind: EventKind, field = 'loyalty'): Loyalty {
  if (raw.type === 'FIXED') {
    if (raw.points_formula !== undefined)
      throw bad(`${field}.points_formula`, 'cannot be evaluated yet; give points');
    return { type: 'FIXED', points: count(raw.points, `${field}.points`, 0) };
  }
  if (raw.type !== 'PROPORTIONAL') throw bad(`${field}.type`, 'must be FIXED or PROPORTIONAL');
  const calc = raw.calculation_type as CalcType;
  const spec = CALCULATIONS[calc];
  if (typeof calc !== 'string' || !spec)
    throw bad(`${field}.calculation_type`, `must be one of ${Object.keys(CALCULATIONS).join(', ')}`);
  const reads =
    spec.section === 'custom_event' ? 'custom' : spec.section.startsWith('order') ? 'order' : null;
  if (reads === 'order' && kind !== 'order')
    throw bad(`${field}.calculation_type`, `${calc} needs an order: only for the order.paid event`);
  if (reads === 'custom' && kind !== 'custom')
    throw bad(
      `${field}.calculation_type`,
      `${calc} needs a custom event's metadata: only for a custom event`,
    );
  const section = raw[spec.section];
  if (section === null || typeof section !== 'object') throw bad(`${field}.${spec.section}`, 'is required');
  const r = ratio((section as In)[spec.key], `${field}.${spec.section}.${spec.key}`, spec.extra);
  return { type: 'PROPORTIONAL', calculation_type: calc, [spec.section]: { [spec.key]: r } } as Loyalty;
}

/** An order line as accruals read it. */
export interface AccrualItem {
  product_id?: string | null;
  sku_id?: string | null;
  quantity?: number | null;
  amount?: number | null;
  price?: number | null;
  subtotal_amount?: number | null;
}

/** The facts of one event that a calculation can read. */
export interface AccrualFacts {
  order?: {
    amount: number;
    total_amount: number;
    metadata: Record<string, unknown>;
    items: AccrualItem[];
  } | null;
  customerMetadata?: Record<string, unknown> | null;
  eventMetadata?: Record<string, unknown> | null;
}

const times = (value: number, r: Ratio) => (value > 0 ? Math.floor(value / r.every) * r.points : 0);

const numberOf = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function linesOf(items: AccrualItem[], r: ItemsRatio) {
  return items.filter((i) => (r.object === 'product' ? i.product_id === r.id : i.sku_id === r.id));
}

const lineQuantity = (i: AccrualItem) => i.quantity ?? 1;
const lineAmount = (i: AccrualItem) => i.amount ?? (i.price ?? 0) * lineQuantity(i);

/** The points one event earns under the rule's loyalty, before any tier multiplier. */
export function pointsFor(l: Loyalty, f: AccrualFacts): number {
  if (l.type === 'FIXED') return l.points;
  const items = f.order?.items ?? [];
  const sum = (r: ItemsRatio, of: (i: AccrualItem) => number) =>
    linesOf(items, r).reduce((n, i) => n + of(i), 0);
  switch (l.calculation_type) {
    case 'ORDER_AMOUNT':
      return times(f.order?.amount ?? 0, l.order.amount);
    case 'ORDER_TOTAL_AMOUNT':
      return times(f.order?.total_amount ?? 0, l.order.total_amount);
    case 'ORDER_METADATA':
      return times(numberOf(f.order?.metadata[l.order.metadata.property]), l.order.metadata);
    case 'ORDER_ITEMS_QUANTITY':
      return times(sum(l.order_items.quantity, lineQuantity), l.order_items.quantity);
    case 'ORDER_ITEMS_AMOUNT':
      return times(sum(l.order_items.amount, lineAmount), l.order_items.amount);
    case 'ORDER_ITEMS_SUBTOTAL_AMOUNT':
      return times(
        sum(l.order_items.subtotal_amount, (i) => i.subtotal_amount ?? lineAmount(i)),
        l.order_items.subtotal_amount,
      );
    case 'CUSTOMER_METADATA':
      return times(numberOf(f.customerMetadata?.[l.customer.metadata.property]), l.customer.metadata);
    case 'CUSTOM_EVENT_METADATA':
      return times(numberOf(f.eventMetadata?.[l.custom_event.metadata.property]), l.custom_event.metadata);
    default: {
      const never: never = l;
      return never;
    }
  }
}

/** A tier's multiplier of one earning rule (`earning_rules[ern_…]` of a loyalty tier): points × multiplier, rounded down. */
export function applyMultiplier(points: number, multiplier: number | null | undefined): number {
  if (multiplier === null || multiplier === undefined || !(multiplier >= 0)) return points;
  // Rounded to 1e-9 first, so that 10 × 1.1 is 11, not 10.
  return Math.floor(scaled(points, multiplier));
}

/** Points × a tier's multiplier, rounded to 1e-9 (multipliers such as 1.1 are not exact in binary). */
export function scaled(points: number, multiplier: number): number {
  return Math.round(points * multiplier * 1e9) / 1e9;
}
