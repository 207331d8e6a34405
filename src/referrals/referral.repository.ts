import { sql } from 'kysely';
import type { Kx } from '../platform/db/connect.js';
import { countRows, pageOf } from '../platform/db/paging.js';
import { deleteById, findInProject, insertSkippingTaken, lockById, updateById } from '../platform/db/rows.js';
import type { Tx } from '../platform/db/transaction.js';
import type { ReferralRefereesTable, ReferralTierRow } from './referral.table.js';

export async function insertTier(db: Kx, row: ReferralTierRow): Promise<void> {
  await db.insertInto('referral_tiers').values(row).execute();
}

export async function findTier(db: Kx, projectId: string, id: string) {
  return findInProject(db, 'referral_tiers', projectId, { id });
}

export async function lockTier(tx: Tx, projectId: string, id: string) {
  return lockById(tx, 'referral_tiers', id, projectId);
}

export async function updateTierRow(db: Kx, id: string, patch: Partial<ReferralTierRow>): Promise<void> {
  await updateById(db, 'referral_tiers', id, patch);
}

export async function deleteTierRow(db: Kx, id: string): Promise<void> {
  await db.deleteFrom('referral_tier_progress').where('tier_id', '=', id).execute();
  await deleteById(db, 'referral_tiers', id);
}

export async function countTiers(db: Kx, campaignId: string): Promise<number> {
  return countRows(db.selectFrom('referral_tiers').where('campaign_id', '=', campaignId));
}

export async function selectTiers(
  db: Kx,
  campaignId: string,
  page: { limit: number; offset?: number },
): Promise<ReferralTierRow[]> {
  return pageOf(
    db.selectFrom('referral_tiers').selectAll().where('campaign_id', '=', campaignId),
    { column: 'created_at', dir: 'asc' },
    page,
  ).execute();
}

/** Records the referee of the referrer in the campaign; false when they were counted before. */
export async function insertRefereeUnlessKnown(db: Kx, row: ReferralRefereesTable): Promise<boolean> {
  const unique: (keyof ReferralRefereesTable)[] = ['campaign_id', 'referrer_id', 'referee_id'];
  return (await insertSkippingTaken(db, 'referral_referees', row, unique, 'referee_id')).length === 1;
}

/**
 * Counts one more qualifying referee of the referrer for the tier, by one upsert: the count after. Two
 * referees converting at once get two different counts (the row is locked by the first writer on PostgreSQL),
 * so a tier that rewards at a minimum rewards exactly once.
 */
export async function countReferee(
  db: Kx,
  p: { tierId: string; referrerId: string; projectId: string },
): Promise<number> {
  const r = await db
    .insertInto('referral_tier_progress')
    .values({ tier_id: p.tierId, referrer_id: p.referrerId, project_id: p.projectId, referees: 1 })
    .onConflict((oc) =>
      oc
        .columns(['tier_id', 'referrer_id'])
        .doUpdateSet({ referees: sql`referral_tier_progress.referees + 1` }),
    )
    .returning('referees')
    .executeTakeFirstOrThrow();
  return Number(r.referees);
}

/** The referees a referral code brought, oldest first. */
export async function refereesOfCode(db: Kx, voucherId: string, order: 'asc' | 'desc', limit: number) {
  return db
    .selectFrom('referral_referees')
    .selectAll()
    .where('voucher_id', '=', voucherId)
    .orderBy('created_at', order)
    .orderBy('referee_id', order)
    .limit(limit)
    .execute();
}

export async function countRefereesOfCode(db: Kx, voucherId: string): Promise<number> {
  return countRows(db.selectFrom('referral_referees').where('voucher_id', '=', voucherId));
}
