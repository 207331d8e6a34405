import type { OrderIn, OrderItemIn } from './order.schemas.js';

/**
 * An order's amounts before any discount, one rule for every context: a line's price is its own, else its
 * SKU's, else its product's; its quantity 1 when left out; its amount the one sent, else price × quantity.
 * The order's amount is the one sent, else the sum of its lines. Pure.
 */

export interface OrderLine {
  product_id?: string;
  sku_id?: string;
  source_id?: string;
  quantity: number;
  price: number | null;
  amount: number;
}

export const linePrice = (i: OrderItemIn): number | null =>
  i.price ?? i.sku?.price ?? i.product?.price ?? null;

export function orderLines(order: OrderIn | undefined): { amount: number; items: OrderLine[] } {
  const items = (order?.items ?? []).map((i) => {
    const price = linePrice(i);
    const quantity = i.quantity ?? 1;
    return {
      product_id: i.product_id ?? i.product?.id,
      sku_id: i.sku_id ?? i.sku?.id,
      source_id: i.source_id ?? i.sku?.source_id ?? i.product?.source_id,
      quantity,
      price,
      amount: i.amount ?? (price ?? 0) * quantity,
    };
  });
  return { amount: order?.amount ?? items.reduce((a, i) => a + i.amount, 0), items };
}
