import { createHash } from 'node:crypto';
import { checkRequest, type RedeemablesRequest, STACKING_RULES } from '../validations/index.js';
import { tooManyRedeemables } from './redemption.errors.js';

/**
 * What a redemption request must say before anything is looked up: the validations' request checks and at
 * most the stacking limit of redeemables. The order is checked by the orders context once the catalogue is
 * read (`resolveOrderInput`: negative values, amounts that do not add up, unknown products by id).
 */
export function checkRedemptionRequest(input: RedeemablesRequest): void {
  const limit = STACKING_RULES.redeemables_limit;
  if (input.redeemables.length > limit) throw tooManyRedeemables(input.redeemables.length, limit);
  checkRequest(input);
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
