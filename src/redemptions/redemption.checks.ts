import { createHash } from 'node:crypto';
import { checkRequest, type RedeemablesRequest, STACKING_RULES } from '../validations/index.js';
import { invalidOrder, tooManyRedeemables } from './redemption.errors.js';

/**
 * What a redemption request must say before anything is looked up: the validations' request checks, at
 * most the stacking limit of redeemables, and an order whose amounts add up where it gives them.
 * Negative quantities, prices and amounts are refused by the schema.
 */
export function checkRedemptionRequest(input: RedeemablesRequest): void {
  const limit = STACKING_RULES.redeemables_limit;
  if (input.redeemables.length > limit) throw tooManyRedeemables(input.redeemables.length, limit);
  checkRequest(input);
  const items = input.order?.items ?? [];
  for (const [k, i] of items.entries()) {
    const price = i.price ?? i.sku?.price ?? i.product?.price;
    if (i.amount !== undefined && price !== undefined && i.amount !== price * (i.quantity ?? 1))
      throw invalidOrder(
        `order.items[${k}].amount`,
        `${i.amount} is not price ${price} × quantity ${i.quantity ?? 1}`,
      );
  }
  const amount = input.order?.amount;
  if (amount !== undefined && items.length > 0 && items.every((i) => i.amount !== undefined)) {
    const sum = items.reduce((a, i) => a + i.amount!, 0);
    if (sum !== amount)
      throw invalidOrder('order.amount', `${amount} is not the sum of its items' amounts, ${sum}`);
  }
}

/**
 * The idempotency key of a request: its order's `source_id` and its redeemables (object, id and the gift
 * credits asked for), in a canonical order. A request without an order source_id has none: it is redeemed
 * every time it is sent. Hashed (SHA-256), so that the unique index stays small whatever the ids' length.
 */
export function requestKeyOf(input: RedeemablesRequest): string | null {
  const sourceId = input.order?.source_id;
  if (sourceId == null) return null;
  const redeemables = input.redeemables
    .map((r) => `${r.object}:${r.id}:${r.gift?.credits ?? ''}`)
    .sort()
    .join('\n');
  return createHash('sha256')
    .update(JSON.stringify([sourceId, redeemables]))
    .digest('hex');
}
