import { sql } from 'kysely';
import type { Kx } from '../platform/db/connect.js';
import { countRows, pageOf, sortOrder } from '../platform/db/paging.js';
import { deleteById, findInProject, insertSkippingTaken, lockById, updateById } from '../platform/db/rows.js';
import type { Tx } from '../platform/db/transaction.js';
import type { VoucherRow } from './voucher.table.js';

// 38 columns: 250 rows (9,500 parameters) stay well under SQLite's 32,766 bound parameters per statement (and PostgreSQL's 65,535).
const ROWS_PER_STATEMENT = 250;

export async function insertVoucher(db: Kx, row: VoucherRow): Promise<void> {
  await db.insertInto('vouchers').values(row).execute();
}

/**
 * Inserts the rows whose code is still free in the project and skips the others (`ON CONFLICT DO NOTHING`),
 * inside the caller's transaction. Returns the codes that went in. Codes taken by another transaction that
 * has not committed yet wait for it on PostgreSQL and are skipped if it commits, so no code is ever doubled.
 */
export async function insertVouchersSkippingTaken(db: Kx, rows: VoucherRow[]): Promise<Set<string>> {
  const inserted = new Set<string>();
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
    const r = await insertSkippingTaken(db, 'vouchers', chunk, ['project_id', 'code'], 'code');
    for (const { code } of r) inserted.add(code);
  }
  return inserted;
}

/** Plain multi-row inserts, for the benchmark's baseline. */
export async function insertVoucherRows(db: Kx, rows: VoucherRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT)
    await db
      .insertInto('vouchers')
      .values(rows.slice(i, i + ROWS_PER_STATEMENT))
      .execute();
}

/** Which of the codes the project already holds (live or binned). */
export async function takenCodes(db: Kx, projectId: string, codes: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < codes.length; i += ROWS_PER_STATEMENT) {
    const rows = await db
      .selectFrom('vouchers')
      .select('code')
      .where('project_id', '=', projectId)
      .where('code', 'in', codes.slice(i, i + ROWS_PER_STATEMENT))
      .execute();
    for (const r of rows) out.add(r.code);
  }
  return out;
}

/** A live voucher of the project by code. */
export async function findVoucher(db: Kx, projectId: string, code: string) {
  return findInProject(db, 'vouchers', projectId, { code }, { live: true });
}

/** A voucher by code, or by id (`v_…`), binned or not. */
export async function findAnyVoucher(db: Kx, projectId: string, codeOrId: string) {
  return db
    .selectFrom('vouchers')
    .selectAll()
    .where('project_id', '=', projectId)
    .where((eb) => eb.or([eb('code', '=', codeOrId), eb('id', '=', codeOrId)]))
    .executeTakeFirst();
}

/** The voucher by id, locked for the transaction where the database has row locks. */
export async function lockVoucher(tx: Tx, id: string): Promise<VoucherRow | undefined> {
  return lockById(tx, 'vouchers', id);
}

export async function updateVoucherRow(db: Kx, id: string, patch: Partial<VoucherRow>): Promise<void> {
  await updateById(db, 'vouchers', id, patch);
}

export async function deleteVoucherRow(db: Kx, id: string): Promise<void> {
  await deleteById(db, 'vouchers', id);
}

export interface VoucherFilter {
  projectId: string;
  campaignId?: string;
  category?: string;
  holderId?: string;
  code?: string;
  /** Only vouchers that have a holder. */
  held?: boolean;
}

function filtered(db: Kx, f: VoucherFilter) {
  let q = db.selectFrom('vouchers').where('project_id', '=', f.projectId).where('deleted_at', 'is', null);
  if (f.campaignId !== undefined) q = q.where('campaign_id', '=', f.campaignId);
  if (f.category !== undefined) q = q.where('category', '=', f.category);
  if (f.holderId !== undefined) q = q.where('holder_id', '=', f.holderId);
  if (f.code !== undefined) q = q.where('code', '=', f.code);
  if (f.held) q = q.where('holder_id', 'is not', null);
  return q;
}

export async function selectVouchers(db: Kx, f: VoucherFilter, order: string, limit: number, offset: number) {
  return pageOf(filtered(db, f).selectAll(), sortOrder(order), { limit, offset }).execute();
}

export async function countVouchers(db: Kx, f: VoucherFilter): Promise<number> {
  return countRows(filtered(db, f));
}

/** Moves up to `limit` live vouchers of the campaign to the bin, stamped with the campaign's deletion time. */
export async function binCampaignVouchers(db: Kx, campaignId: string, deletedAt: number, limit: number) {
  const ids = db
    .selectFrom('vouchers')
    .select('id')
    .where('campaign_id', '=', campaignId)
    .where('deleted_at', 'is', null)
    .limit(limit);
  const r = await db
    .updateTable('vouchers')
    .set({ deleted_at: deletedAt })
    .where('id', 'in', ids)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Removes up to `limit` vouchers of the campaign (binned ones too) for good. */
export async function purgeCampaignVouchers(db: Kx, campaignId: string, limit: number) {
  const ids = db.selectFrom('vouchers').select('id').where('campaign_id', '=', campaignId).limit(limit);
  const r = await db.deleteFrom('vouchers').where('id', 'in', ids).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Template fields of the campaign's vouchers that nobody has received or used yet. */
export type TemplatePatch = Partial<
  Pick<
    VoucherRow,
    | 'start_date'
    | 'expiration_date'
    | 'validity_timeframe'
    | 'validity_day_of_week'
    | 'validity_hours'
    | 'category'
    | 'discount'
    | 'gift_amount'
    | 'gift_balance'
    | 'gift_effect'
    | 'updated_at'
  >
>;

/**
 * Rewrites the template fields of the campaign's live vouchers that are neither published nor redeemed, in
 * one statement. Returns how many changed.
 */
export async function rewriteUnusedVouchers(
  db: Kx,
  campaignId: string,
  patch: TemplatePatch,
): Promise<number> {
  if (Object.keys(patch).length === 0) return 0;
  const r = await db
    .updateTable('vouchers')
    .set(patch)
    .where('campaign_id', '=', campaignId)
    .where('deleted_at', 'is', null)
    .where('publish_count', '=', 0)
    .where('redeemed_quantity', '=', 0)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Brings back the vouchers that went to the bin with the campaign (same deletion time). */
export async function restoreCampaignVouchers(
  db: Kx,
  campaignId: string,
  deletedAt: number,
): Promise<number> {
  const r = await db
    .updateTable('vouchers')
    .set({ deleted_at: null })
    .where('campaign_id', '=', campaignId)
    .where('deleted_at', '=', deletedAt)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/**
 * Gives up to `limit` active, unpublished live vouchers of the campaign to `holderId` (holder set, publish
 * count up), oldest first, in one statement, and returns them. Race-free with any number of processes: on
 * PostgreSQL the candidates are taken `FOR UPDATE SKIP LOCKED`, so two publications never pick the same
 * voucher and neither waits for the other; the outer `holder_id is null` re-checks each row once locked. On
 * SQLite the statement is atomic by itself (writers are serialised). The candidates are a MATERIALIZED CTE,
 * chosen once: as an `in (subquery)` PostgreSQL may run the LIMIT subquery again per row it updates and so
 * hand out more than `limit` vouchers.
 */
export async function claimFreeCampaignVouchers(
  tx: Tx,
  campaignId: string,
  holderId: string,
  limit: number,
): Promise<VoucherRow[]> {
  const lock = tx.profile.skipLocked ? sql` for update skip locked` : sql``;
  const r = await sql<VoucherRow>`with picked as materialized (select id from vouchers
      where campaign_id = ${campaignId} and holder_id is null and deleted_at is null and active = 1
      order by created_at, id limit ${limit}${lock})
    update vouchers
    set holder_id = ${holderId}, publish_count = publish_count + 1, updated_at = ${tx.now}
    where id in (select id from picked) and holder_id is null
    returning *`.execute(tx.db);
  return r.rows;
}

/** Gives the voucher to `holderId` if it has no holder yet; undefined when it has one (or is gone). */
export async function publishVoucherRow(
  tx: Tx,
  id: string,
  holderId: string,
): Promise<VoucherRow | undefined> {
  return tx.db
    .updateTable('vouchers')
    .set({ holder_id: holderId, publish_count: sql<number>`publish_count + 1`, updated_at: tx.now })
    .where('id', '=', id)
    .where('holder_id', 'is', null)
    .where('deleted_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/** Vouchers of the project by id, binned ones included. */
export async function findVouchersByIds(db: Kx, projectId: string, ids: string[]): Promise<VoucherRow[]> {
  const out: VoucherRow[] = [];
  for (let i = 0; i < ids.length; i += ROWS_PER_STATEMENT) {
    const chunk = ids.slice(i, i + ROWS_PER_STATEMENT);
    out.push(
      ...(await db
        .selectFrom('vouchers')
        .selectAll()
        .where('project_id', '=', projectId)
        .where('id', 'in', chunk)
        .execute()),
    );
  }
  return out;
}

/**
 * Takes one use of the voucher, if it has one left, in one conditional statement: of any number of
 * transactions racing for the last use, exactly one updates the row (PostgreSQL re-checks the condition once
 * the row lock is free; SQLite serialises writers). Undefined when no use is left (or the voucher is gone).
 */
export async function takeVoucherUse(tx: Tx, id: string, amount: number): Promise<VoucherRow | undefined> {
  return tx.db
    .updateTable('vouchers')
    .set({
      redeemed_quantity: sql<number>`redeemed_quantity + 1`,
      redeemed_amount: sql<number>`redeemed_amount + ${amount}`,
      updated_at: tx.now,
    })
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('redemption_quantity', 'is', null),
        eb('redeemed_quantity', '<', eb.ref('redemption_quantity')),
      ]),
    )
    .returningAll()
    .executeTakeFirst();
}

/** Gives one use back (a rollback), never below zero. */
export async function giveVoucherUseBack(
  tx: Tx,
  id: string,
  amount: number,
): Promise<VoucherRow | undefined> {
  return tx.db
    .updateTable('vouchers')
    .set({
      redeemed_quantity: sql<number>`redeemed_quantity - 1`,
      redeemed_amount: sql<number>`redeemed_amount - ${amount}`,
      updated_at: tx.now,
    })
    .where('id', '=', id)
    .where('redeemed_quantity', '>', 0)
    .returningAll()
    .executeTakeFirst();
}
