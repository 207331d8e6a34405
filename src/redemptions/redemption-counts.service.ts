import type { Kx } from '../platform/db/connect.js';
import { lockById } from '../platform/db/rows.js';
import type { Tx } from '../platform/db/transaction.js';
import type { CountScope, RedemptionCounts } from '../validations/index.js';
import { countScopeRedemptions, isCountableScope } from './redemption.repository.js';

/** The table of each kind of scope, whose row a redemption locks before it counts. */
const SCOPE_TABLE = {
  voucher: 'vouchers',
  campaign: 'campaigns',
  promotion_tier: 'promotion_tiers',
} as const;

function countable(scope: CountScope) {
  // A rule that counts the redemptions of an object nothing here counts cannot be judged: it is refused
  // loudly rather than read as zero.
  if (!isCountableScope(scope.type)) throw new Error(`redemption counts of a ${scope.type} are not kept`);
  return { type: scope.type, id: scope.id };
}

/** The counts a validation reads: what has been redeemed so far, unlocked. */
export function readRedemptionCounts(db: Kx): RedemptionCounts {
  return {
    async count(projectId, scope, customerId, since) {
      const n = await countScopeRedemptions(db, projectId, countable(scope), customerId, since);
      return { perCustomer: customerId === null ? null : n.perCustomer, daily: n.daily };
    },
  };
}

/**
 * The counts a redemption reads inside its transaction. The scope's row (the voucher, campaign or tier) is
 * locked first on PostgreSQL and stays locked to the commit, so of two redemptions by one customer the second
 * counts the first's; SQLite has one writer, so the count is already the latest.
 */
export function lockedRedemptionCounts(tx: Tx): RedemptionCounts {
  const locked = new Set<string>();
  return {
    async count(projectId, scope, customerId, since) {
      const s = countable(scope);
      const key = `${s.type}:${s.id}`;
      if (!locked.has(key)) {
        await lockById(tx, SCOPE_TABLE[s.type], s.id, projectId);
        locked.add(key);
      }
      const n = await countScopeRedemptions(tx.db, projectId, s, customerId, since);
      return { perCustomer: customerId === null ? null : n.perCustomer, daily: n.daily };
    },
  };
}
