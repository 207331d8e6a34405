import { iso, isoOrNull } from '../platform/clock.js';
import type { ProductRow, SkuRow } from './product.table.js';

/*
 * Wire rule: the `Product` and `Sku` objects list every key their schema requires, null where there is no
 * value (`source_id`, `name`, `price`, …), in the order of Voucherify's examples.
 */

export type ProductJson = Record<string, unknown>;

export function presentSku(row: SkuRow): ProductJson {
  return {
    id: row.id,
    source_id: row.source_id,
    product_id: row.product_id,
    sku: row.sku,
    price: row.price,
    currency: row.currency,
    attributes: JSON.parse(row.attributes),
    image_url: row.image_url,
    metadata: JSON.parse(row.metadata),
    created_at: iso(row.created_at),
    updated_at: isoOrNull(row.updated_at),
    object: 'sku',
  };
}

/** The product; with `skus`, also its SKUs as the `skus` list of a `GET`. */
export function presentProduct(row: ProductRow, skus?: SkuRow[]): ProductJson {
  const out: ProductJson = {
    id: row.id,
    source_id: row.source_id,
    name: row.name,
    price: row.price,
    attributes: JSON.parse(row.attributes),
    metadata: JSON.parse(row.metadata),
    image_url: row.image_url,
    created_at: iso(row.created_at),
    updated_at: isoOrNull(row.updated_at),
    object: 'product',
  };
  if (skus) out.skus = { object: 'list', data_ref: 'data', data: skus.map(presentSku), total: skus.length };
  return out;
}

/** The product as an order item carries it (`product` of `OrderCalculatedItem`). */
export function presentItemProduct(row: ProductRow): ProductJson {
  const out: ProductJson = { id: row.id };
  if (row.source_id !== null) out.source_id = row.source_id;
  if (row.name !== null) out.name = row.name;
  out.metadata = JSON.parse(row.metadata);
  if (row.price !== null) out.price = row.price;
  return out;
}

/** The SKU as an order item carries it (`sku` of `OrderCalculatedItem`). */
export function presentItemSku(row: SkuRow): ProductJson {
  const out: ProductJson = { id: row.id };
  if (row.source_id !== null) out.source_id = row.source_id;
  if (row.sku !== null) out.sku = row.sku;
  out.metadata = JSON.parse(row.metadata);
  if (row.price !== null) out.price = row.price;
  return out;
}
