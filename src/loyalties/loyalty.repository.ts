import { sql } from 'kysely';
import type { Kx } from '../platform/db/connect.js';
import { countRows } from '../platform/db/paging.js';
import type {
  LoyaltyMemberTierRow,
  LoyaltyPointBucketRow,
  LoyaltyTierRow,
  LoyaltyTransactionRow,
} from './loyalty.table.js';

export async function insertBucket(db: Kx, row: LoyaltyPointBucketRow): Promise<void> {
  await db.insertInto('loyalty_point_buckets').values(row).execute();
}

/** The card's active buckets that still hold points, soonest-expiring first (never-expiring last). */
export async function spendableBuckets(db: Kx, voucherId: string): Promise<LoyaltyPointBucketRow[]> {
  return db
    .selectFrom('loyalty_point_buckets')
    .selectAll()
    .where('voucher_id', '=', voucherId)
    .where('status', '=', 'ACTIVE')
    .where('points', '>', 0)
    .orderBy(sql`case when expires_at is null then 1 else 0 end`)
    .orderBy('expires_at')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Takes `points` out of the bucket (the caller holds the card's lock and checked there are enough). */
export async function takeFromBucket(db: Kx, id: string, points: number, now: number): Promise<void> {
  await db
    .updateTable('loyalty_point_buckets')
    .set({ points: sql`points - ${points}`, updated_at: now })
    .where('id', '=', id)
    .execute();
}

/** Active buckets of the card whose expiry day ended at or before `dueBefore` (the start of their next day). */
export async function dueBucketsOfCard(
  db: Kx,
  voucherId: string,
  lastDay: number,
): Promise<LoyaltyPointBucketRow[]> {
  return db
    .selectFrom('loyalty_point_buckets')
    .selectAll()
    .where('voucher_id', '=', voucherId)
    .where('status', '=', 'ACTIVE')
    .where('expires_at', '<=', lastDay)
    .orderBy('expires_at')
    .orderBy('id')
    .execute();
}

/** Up to `limit` cards with an active bucket whose last good day is at or before `lastDay`. */
export async function cardsWithDueBuckets(db: Kx, lastDay: number, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('loyalty_point_buckets')
    .select('voucher_id')
    .distinct()
    .where('status', '=', 'ACTIVE')
    .where('expires_at', '<=', lastDay)
    .limit(limit)
    .execute();
  return rows.map((r) => r.voucher_id);
}

/** Marks the bucket expired if it is still active; false when another run took it first. */
export async function expireBucket(db: Kx, id: string, now: number): Promise<boolean> {
  const r = await db
    .updateTable('loyalty_point_buckets')
    .set({ status: 'EXPIRED', updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'ACTIVE')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The card's buckets for `points-expiration`: active ones with points left and an expiry date, soonest first. */
export async function expiringBuckets(
  db: Kx,
  voucherId: string,
  limit: number,
  offset: number,
): Promise<{ rows: LoyaltyPointBucketRow[]; total: number }> {
  const base = db
    .selectFrom('loyalty_point_buckets')
    .where('voucher_id', '=', voucherId)
    .where('status', '=', 'ACTIVE')
    .where('points', '>', 0)
    .where('expires_at', 'is not', null);
  const rows = await base
    .selectAll()
    .orderBy('expires_at')
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .offset(offset)
    .execute();
  const n = await base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return { rows, total: Number(n.n) };
}

/** The number of the card's next transaction; the caller holds the card's row (it just changed it). */
export async function nextTransactionSeq(db: Kx, voucherId: string): Promise<number> {
  const r = await db
    .selectFrom('loyalty_transactions')
    .select(sql<number>`coalesce(max(seq), 0)`.as('n'))
    .where('voucher_id', '=', voucherId)
    .executeTakeFirstOrThrow();
  return Number(r.n) + 1;
}

export async function insertTransaction(db: Kx, row: LoyaltyTransactionRow): Promise<void> {
  await db.insertInto('loyalty_transactions').values(row).execute();
}

export async function findTransaction(
  db: Kx,
  voucherId: string,
  id: string,
): Promise<LoyaltyTransactionRow | undefined> {
  return db
    .selectFrom('loyalty_transactions')
    .selectAll()
    .where('voucher_id', '=', voucherId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Up to `limit` + 1 of the card's transactions in `seq` order, strictly after `afterSeq` in that order. */
export async function selectTransactions(
  db: Kx,
  voucherId: string,
  desc: boolean,
  afterSeq: number | undefined,
  limit: number,
): Promise<LoyaltyTransactionRow[]> {
  let q = db.selectFrom('loyalty_transactions').selectAll().where('voucher_id', '=', voucherId);
  if (afterSeq !== undefined) q = q.where('seq', desc ? '<' : '>', afterSeq);
  return q
    .orderBy('seq', desc ? 'desc' : 'asc')
    .limit(limit + 1)
    .execute();
}

export async function countTransactions(db: Kx, voucherId: string): Promise<number> {
  const r = await db
    .selectFrom('loyalty_transactions')
    .select(sql<number>`count(*)`.as('n'))
    .where('voucher_id', '=', voucherId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** A transaction of the program by id (a cursor of the campaign's list). */
export async function findCampaignTransaction(
  db: Kx,
  campaignId: string,
  id: string,
): Promise<LoyaltyTransactionRow | undefined> {
  return db
    .selectFrom('loyalty_transactions')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * Up to `limit` + 1 transactions of every card of the program, in the order they happened (`created_at`,
 * then the card, then the card's own `seq`, so that one card's movements of one millisecond keep their
 * order), strictly after `after` in that order.
 */
export async function selectCampaignTransactions(
  db: Kx,
  campaignId: string,
  desc: boolean,
  after: LoyaltyTransactionRow | undefined,
  limit: number,
): Promise<LoyaltyTransactionRow[]> {
  const dir = desc ? 'desc' : 'asc';
  const past = desc ? '<' : '>';
  let q = db.selectFrom('loyalty_transactions').selectAll().where('campaign_id', '=', campaignId);
  if (after)
    q = q.where((eb) =>
      eb.or([
        eb('created_at', past, after.created_at),
        eb.and([
          eb('created_at', '=', after.created_at),
          eb.or([
            eb('voucher_id', past, after.voucher_id),
            eb.and([eb('voucher_id', '=', after.voucher_id), eb('seq', past, after.seq)]),
          ]),
        ]),
      ]),
    );
  return q
    .orderBy('created_at', dir)
    .orderBy('voucher_id', dir)
    .orderBy('seq', dir)
    .limit(limit + 1)
    .execute();
}

export async function countCampaignTransactions(db: Kx, campaignId: string): Promise<number> {
  return countRows(db.selectFrom('loyalty_transactions').where('campaign_id', '=', campaignId));
}

// Tiers

export async function insertTier(db: Kx, row: LoyaltyTierRow): Promise<void> {
  await db.insertInto('loyalty_tiers').values(row).execute();
}

/** The campaign's tiers, lowest range first. */
export async function campaignTiers(db: Kx, campaignId: string): Promise<LoyaltyTierRow[]> {
  return db
    .selectFrom('loyalty_tiers')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .orderBy('points_from')
    .orderBy('id')
    .execute();
}

export async function findTier(db: Kx, campaignId: string, id: string): Promise<LoyaltyTierRow | undefined> {
  return db
    .selectFrom('loyalty_tiers')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function tiersByIds(db: Kx, ids: string[]): Promise<LoyaltyTierRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('loyalty_tiers').selectAll().where('id', 'in', ids).execute();
}

export async function updateTierRow(db: Kx, id: string, patch: Partial<LoyaltyTierRow>): Promise<void> {
  await db.updateTable('loyalty_tiers').set(patch).where('id', '=', id).execute();
}

export async function deleteTierRow(db: Kx, id: string): Promise<void> {
  await db.deleteFrom('loyalty_member_tiers').where('tier_id', '=', id).execute();
  await db.deleteFrom('loyalty_tiers').where('id', '=', id).execute();
}

export async function findMemberTier(db: Kx, voucherId: string): Promise<LoyaltyMemberTierRow | undefined> {
  return db
    .selectFrom('loyalty_member_tiers')
    .selectAll()
    .where('voucher_id', '=', voucherId)
    .executeTakeFirst();
}

/** Sets the member's tier (the caller holds the card's lock), or removes it with `tierId` null. */
export async function setMemberTier(
  db: Kx,
  row: Omit<LoyaltyMemberTierRow, 'tier_id'> & { tier_id: string | null },
): Promise<void> {
  await db.deleteFrom('loyalty_member_tiers').where('voucher_id', '=', row.voucher_id).execute();
  if (row.tier_id !== null)
    await db
      .insertInto('loyalty_member_tiers')
      .values({ ...row, tier_id: row.tier_id })
      .execute();
}
