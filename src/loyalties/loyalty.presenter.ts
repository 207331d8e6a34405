import { iso } from '../platform/clock.js';
import type { LoyaltyPointBucketRow, LoyaltyTierRow, LoyaltyTransactionRow } from './loyalty.table.js';

/*
 * The loyalty objects of `api-loyalties.json`: the balance answer (`LoyaltiesMembersBalanceUpdateResponseBody`),
 * the loyalty card transaction (`VoucherTransaction` with a loyalty_card balance), the points bucket
 * (`LoyaltyPointsBucket`) and the tier (`LoyaltyTier`), keys in the order of Voucherify's examples.
 */

type Json = Record<string, unknown>;

/** The types a person asked for through the API; the others are AUTOMATIC. */
const MANUAL = new Set(['POINTS_ADDITION', 'POINTS_REMOVAL', 'POINTS_TRANSFER_IN', 'POINTS_TRANSFER_OUT']);

/** The balance after a movement, as the balance routes answer it and the events carry it. */
export function presentLoyaltyBalance(t: LoyaltyTransactionRow): Json {
  return {
    points: t.points,
    total: t.total,
    balance: t.balance,
    type: 'loyalty_card',
    object: 'balance',
    related_object: { type: 'voucher', id: t.voucher_id },
  };
}

export function presentLoyaltyTransaction(t: LoyaltyTransactionRow): Json {
  const balance: Json = {
    type: 'loyalty_card',
    total: t.total,
    object: 'balance',
    points: t.points,
    balance: t.balance,
    operation_type: MANUAL.has(t.type) ? 'MANUAL' : 'AUTOMATIC',
    related_object: { id: t.voucher_id, type: 'voucher' },
  };
  return {
    id: t.id,
    source_id: t.source_id,
    voucher_id: t.voucher_id,
    campaign_id: t.campaign_id,
    source: t.source,
    reason: t.reason,
    type: t.type,
    details: { balance, ...JSON.parse(t.details) },
    related_transaction_id: t.related_transaction_id,
    created_at: iso(t.created_at),
  };
}

/** A bucket's last good day, `YYYY-MM-DD`. */
export const expiryDate = (ms: number) => iso(ms).slice(0, 10);

export function presentBucket(b: LoyaltyPointBucketRow): Json {
  const out: Json = {
    id: b.id,
    voucher_id: b.voucher_id,
    campaign_id: b.campaign_id,
    bucket: { total_points: b.points },
    status: b.status,
  };
  if (b.expires_at !== null) out.expires_at = expiryDate(b.expires_at);
  out.created_at = iso(b.created_at);
  if (b.updated_at !== null) out.updated_at = iso(b.updated_at);
  out.object = 'loyalty_points_bucket';
  return out;
}

export function presentTier(t: LoyaltyTierRow): Json {
  const points: Json = { from: t.points_from };
  if (t.points_to !== null) points.to = t.points_to;
  return {
    id: t.id,
    name: t.name,
    campaign_id: t.campaign_id,
    metadata: JSON.parse(t.metadata),
    created_at: iso(t.created_at),
    updated_at: t.updated_at === null ? null : iso(t.updated_at),
    earning_rules: JSON.parse(t.earning_rules),
    rewards: JSON.parse(t.rewards),
    config: { points },
    points,
    object: 'loyalty_tier',
  };
}
