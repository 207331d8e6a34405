import type { Kx } from '../platform/db/connect.js';
import { invalidPayload, notFound } from '../platform/errors.js';
import { findCatalogueItems, presentItemProduct, presentItemSku } from '../products/index.js';
import { linePrice, orderLines } from './order.amounts.js';
import { lineAmountMismatch, negativeValue, orderAmountMismatch } from './order.errors.js';
import type { OrderIn, OrderItemIn } from './order.schemas.js';

/**
 * An order as a request sends it (`POST /v1/orders`, or the `order` of a redemption), made complete: each
 * line names its product and SKU by Voucherify id, carries their catalogue data, and has its price,
 * quantity and amount; the order has its amount. Reads only.
 */

type Ref = { kind: 'product' | 'sku'; ref: string; strict: boolean };

/** The product and SKU a line names: by id (which must exist), or by `source_id` with its `related_object`. */
function refsOf(i: OrderItemIn): { product?: Ref; sku?: Ref } {
  const out: { product?: Ref; sku?: Ref } = {};
  const skuId = i.sku_id ?? i.sku?.id;
  const productId = i.product_id ?? i.product?.id;
  if (skuId !== undefined) out.sku = { kind: 'sku', ref: skuId, strict: true };
  else if (i.related_object === 'sku' && (i.source_id ?? i.sku?.source_id) !== undefined)
    out.sku = { kind: 'sku', ref: (i.source_id ?? i.sku?.source_id)!, strict: false };
  if (productId !== undefined) out.product = { kind: 'product', ref: productId, strict: true };
  else if (i.related_object !== 'sku' && (i.source_id ?? i.product?.source_id) !== undefined)
    out.product = { kind: 'product', ref: (i.source_id ?? i.product?.source_id)!, strict: false };
  else if (i.related_object === 'sku' && i.product?.source_id !== undefined)
    out.product = { kind: 'product', ref: i.product.source_id, strict: false };
  return out;
}

function checkSigns(i: OrderItemIn, field: string) {
  for (const k of ['quantity', 'price', 'amount'] as const) {
    const v = i[k];
    if (v !== undefined && v < 0) throw negativeValue(`${field}.${k}`);
  }
}

/**
 * The complete order, inside the caller's transaction (`tx.db`) or outside it (`ctx.db.kysely`). A product or
 * SKU named by id that does not exist is 404 (`resource_type` product or sku); one named by `source_id` that
 * does not exist is kept as the line names it. A line's price comes from the line, else its SKU, else its
 * product (the sent `product`/`sku` objects override the catalogue's). Refused with 400 naming the field
 * (`field` prefixes it, e.g. `order.`): a negative quantity, price or amount; a line whose amount is not its
 * price × quantity; an order whose amount is not the sum of its lines' amounts.
 */
export async function resolveOrderInput(
  db: Kx,
  projectId: string,
  order: OrderIn,
  field = '',
): Promise<OrderIn> {
  if (order.amount !== undefined && order.amount < 0) throw negativeValue(`${field}amount`);
  if (order.items === undefined) return order;
  const refs = order.items.map(refsOf);
  const hits = await findCatalogueItems(db, projectId, {
    products: refs.flatMap((r) => (r.product ? [r.product.ref] : [])),
    skus: refs.flatMap((r) => (r.sku ? [r.sku.ref] : [])),
  });
  const items = order.items.map((i, k): OrderItemIn => {
    const f = `${field}items[${k}]`;
    checkSigns(i, f);
    const r = refs[k]!;
    const sku = r.sku && hits.sku(r.sku.ref);
    if (r.sku?.strict && !sku) throw notFound('sku', r.sku.ref);
    const ofSku = sku ? hits.productOf(sku) : undefined;
    const named = r.product && hits.product(r.product.ref);
    if (r.product?.strict && !named) throw notFound('product', r.product.ref);
    if (sku && named && named.id !== sku.product_id)
      throw invalidPayload(
        `${f}.sku_id: SKU ${sku.id} belongs to product ${sku.product_id}, not ${named.id}`,
      );
    const product = named ?? ofSku;
    const out: OrderItemIn = { ...i };
    if (product) out.product_id = product.id;
    if (sku) out.sku_id = sku.id;
    if (out.source_id === undefined) {
      const src = sku?.source_id ?? product?.source_id;
      if (src != null) out.source_id = src;
    }
    if (out.related_object === undefined && (sku || product)) out.related_object = sku ? 'sku' : 'product';
    if (product) out.product = { ...presentItemProduct(product), ...i.product } as OrderItemIn['product'];
    if (sku) out.sku = { ...presentItemSku(sku), ...i.sku } as OrderItemIn['sku'];
    const price = linePrice(out);
    const quantity = i.quantity ?? 1;
    if (i.amount !== undefined && price !== null && i.amount !== price * quantity)
      throw lineAmountMismatch(f, i.amount, price, quantity);
    if (price !== null) out.price = price;
    out.quantity = quantity;
    out.amount = i.amount ?? (price ?? 0) * quantity;
    return out;
  });
  const sum = items.reduce((a, i) => a + i.amount!, 0);
  const priced = order.items.every((i, k) => i.amount !== undefined || items[k]!.price !== undefined);
  if (order.amount !== undefined && items.length > 0 && priced && order.amount !== sum)
    throw orderAmountMismatch(field, order.amount, sum);
  const resolved = { ...order, items };
  return { ...resolved, amount: orderLines(resolved).amount };
}
