import type { ConditionFamily } from './rule-conditions.js';
import type { RuleContext, RuleOrderItem } from './rule-context.js';

/**
 * The rule names the engine evaluates, as data: what each reads from the context, which conditions fit it,
 * and which error key a failure reports.
 *
 * Order items. At the top of a rule set the "items" are all order lines. Under `order.items.any`, `every` and
 * `none`, nested rules run in the scope of the lines that match one listed product or SKU: there, per-line
 * rules (`order.items.quantity`, `price`, `amount`, `metadata`) read one matched line and the nested logic
 * must hold for some matched line, while `order.items.count`, `aggregated_quantity` and `aggregated_amount`
 * sum over all matched lines. At the top, a per-line rule holds when some line satisfies it.
 */

/** The error key a failing rule reports, after the first part of its name. */
export type ViolationKey = 'customer_rules_violated' | 'order_rules_violated' | 'redemption_rules_violated';

/** Where nested rules under `order.items.*` look: the matched lines and the one line being tried. */
export interface ItemScope {
  items: readonly RuleOrderItem[];
  item: RuleOrderItem | null;
}

export interface Env {
  ctx: RuleContext;
  scope: ItemScope | null;
}

interface Common {
  key: ViolationKey;
  /** Whether the rule needs a `property` (a metadata key). */
  property: boolean;
  /** Condition families that fit the value. */
  families: readonly ConditionFamily[];
  /** What condition values must be: numbers, strings (ids), or any JSON value (metadata). */
  values: 'number' | 'string' | 'any';
}

export type RuleNameSpec =
  | (Common & { mode: 'value'; read(env: Env, property: string | null): unknown })
  /** A value of one line: the scope's line, or at the top any line (`any`) or every line (`every`). */
  | (Common & {
      mode: 'line';
      lines: 'scope' | 'any' | 'every';
      read(item: RuleOrderItem, property: string | null): unknown;
    })
  /** `order.items.any|every|none`: listed products or SKUs, with nested rules per matched line. */
  | (Common & { mode: 'items'; quantifier: 'any' | 'every' | 'none' });

const NUMERIC: readonly ConditionFamily[] = ['equality', 'membership', 'order'];
const IDS: readonly ConditionFamily[] = ['equality', 'membership'];
const ANY: readonly ConditionFamily[] = ['equality', 'membership', 'order', 'text', 'empty', 'count'];

/** Units on a line; absent counts as one. */
export const quantityOf = (item: RuleOrderItem): number => item.quantity ?? 1;

/** A line's amount: as given, else price × quantity, else absent. */
export function amountOf(item: RuleOrderItem): number | undefined {
  if (item.amount != null) return item.amount;
  return item.price != null ? item.price * quantityOf(item) : undefined;
}

/** The lines rules see: the scope's matched lines, else all order lines. */
export const linesOf = (env: Env): readonly RuleOrderItem[] => env.scope?.items ?? env.ctx.order?.items ?? [];

function sum(items: readonly RuleOrderItem[], of: (i: RuleOrderItem) => number | undefined) {
  let total = 0;
  for (const i of items) {
    const v = of(i);
    if (v === undefined) return undefined;
    total += v;
  }
  return total;
}

/** The order amount: as given, else the sum of the lines' amounts when there are lines. */
function orderAmount(ctx: RuleContext): number | undefined {
  const o = ctx.order;
  if (!o) return undefined;
  if (o.amount != null) return o.amount;
  return o.items && o.items.length > 0 ? sum(o.items, amountOf) : undefined;
}

const meta = (m: Record<string, unknown> | null | undefined, property: string | null) =>
  m && property !== null && Object.hasOwn(m, property) ? m[property] : undefined;

/** The count a redemption would make: those so far plus this one. */
const nextCount = (so_far: number | null | undefined) => (so_far ?? 0) + 1;

const order = { key: 'order_rules_violated', property: false, families: NUMERIC, values: 'number' } as const;
const orderMeta = { key: 'order_rules_violated', property: true, families: ANY, values: 'any' } as const;

export const RULE_NAMES: Record<string, RuleNameSpec> = {
  'order.amount': { ...order, mode: 'value', read: ({ ctx }) => orderAmount(ctx) },
  'order.initial_amount': {
    ...order,
    mode: 'value',
    read: ({ ctx }) => ctx.order?.initial_amount ?? orderAmount(ctx),
  },
  'order.items.count': {
    ...order,
    mode: 'value',
    read: (env) => (env.ctx.order || env.scope ? linesOf(env).length : undefined),
  },
  'order.items.aggregated_quantity': {
    ...order,
    mode: 'value',
    read: (env) => (env.ctx.order || env.scope ? sum(linesOf(env), quantityOf) : undefined),
  },
  'order.items.aggregated_amount': {
    ...order,
    mode: 'value',
    read: (env) => (env.ctx.order || env.scope ? sum(linesOf(env), amountOf) : undefined),
  },
  'order.items.quantity': { ...order, mode: 'line', lines: 'scope', read: quantityOf },
  'order.items.price': { ...order, mode: 'line', lines: 'scope', read: (i) => i.price ?? undefined },
  'order.items.amount': { ...order, mode: 'line', lines: 'scope', read: amountOf },
  'order.items.price_any': { ...order, mode: 'line', lines: 'any', read: (i) => i.price ?? undefined },
  'order.items.price_each': { ...order, mode: 'line', lines: 'every', read: (i) => i.price ?? undefined },
  'order.items.metadata': { ...orderMeta, mode: 'line', lines: 'scope', read: (i, p) => meta(i.metadata, p) },
  'order.items.any': { ...order, families: ['equality', 'membership'], mode: 'items', quantifier: 'any' },
  'order.items.every': { ...order, families: ['equality', 'membership'], mode: 'items', quantifier: 'every' },
  'order.items.none': { ...order, families: ['equality', 'membership'], mode: 'items', quantifier: 'none' },
  'order.metadata': { ...orderMeta, mode: 'value', read: ({ ctx }, p) => meta(ctx.order?.metadata, p) },
  'customer.metadata': {
    key: 'customer_rules_violated',
    property: true,
    families: ANY,
    values: 'any',
    mode: 'value',
    read: ({ ctx }, p) => meta(ctx.customer?.metadata, p),
  },
  'customer.segment': {
    key: 'customer_rules_violated',
    property: false,
    families: IDS,
    values: 'string',
    mode: 'value',
    // The list of the customer's segments: `$is` holds when it contains the segment (see rule-conditions.ts).
    read: ({ ctx }) => (ctx.customer ? (ctx.customer.segment_ids ?? []) : undefined),
  },
  'redemption.count.per_customer': {
    key: 'redemption_rules_violated',
    property: false,
    families: NUMERIC,
    values: 'number',
    mode: 'value',
    // Counted per customer, so there is no count without one; a customer named but not stored yet has a
    // count of zero.
    read: ({ ctx }) =>
      ctx.customer || typeof ctx.redemptions?.per_customer === 'number'
        ? nextCount(ctx.redemptions?.per_customer)
        : undefined,
  },
  'redemption.count.daily': {
    key: 'redemption_rules_violated',
    property: false,
    families: NUMERIC,
    values: 'number',
    mode: 'value',
    read: ({ ctx }) => nextCount(ctx.redemptions?.daily),
  },
  'redemption.api_key': {
    key: 'redemption_rules_violated',
    property: false,
    families: IDS,
    values: 'string',
    mode: 'value',
    read: ({ ctx }) => ctx.api_key ?? undefined,
  },
  'custom_event.metadata': {
    key: 'redemption_rules_violated',
    property: true,
    families: ANY,
    values: 'any',
    mode: 'value',
    read: ({ ctx }, p) => meta(ctx.custom_event?.metadata, p),
  },
};

/** A product or SKU an `order.items.*` rule lists: an id or source id, or `{object, id?, source_id?}`. */
export type ItemRef = string | { object?: 'product' | 'sku'; id?: string; source_id?: string };

/** Whether an order line is the listed product or SKU. */
export function lineMatches(item: RuleOrderItem, ref: ItemRef): boolean {
  if (typeof ref === 'string')
    return [
      item.product_id,
      item.sku_id,
      item.source_id,
      item.product_source_id,
      item.sku_source_id,
    ].includes(ref);
  const product = ref.object !== 'sku';
  const sku = ref.object !== 'product';
  if (ref.id !== undefined && ((product && item.product_id === ref.id) || (sku && item.sku_id === ref.id)))
    return true;
  const s = ref.source_id;
  if (s === undefined) return false;
  const lineIsSku = item.related_object === 'sku';
  return (
    (product && (item.product_source_id === s || (!lineIsSku && item.source_id === s))) ||
    (sku && (item.sku_source_id === s || (lineIsSku && item.source_id === s)))
  );
}
