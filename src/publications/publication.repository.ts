import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Kx } from '../platform/db/connect.js';
import { countRows, pageOf, sortOrder } from '../platform/db/paging.js';
import { findInProject, insertSkippingTaken } from '../platform/db/rows.js';
import type { Database } from '../platform/db/database.js';
import type { PublicationOrder } from './publication.schemas.js';
import type { PublicationJoinsTable, PublicationRow, PublicationVoucherRow } from './publication.table.js';

/**
 * Inserts the publication unless its source_id is taken in the project (then false, and nothing is
 * written): a concurrent request with the same new source_id waits for the first one on PostgreSQL and then
 * sees the conflict, so a source_id never names two publications.
 */
export async function insertPublication(db: Kx, row: PublicationRow, vouchers: PublicationVoucherRow[]) {
  const r = await insertSkippingTaken(db, 'publications', row, ['project_id', 'source_id'], 'id');
  if (r.length === 0) return false;
  await db.insertInto('publication_vouchers').values(vouchers).execute();
  return true;
}

/**
 * Records that the customer was published a voucher of the campaign; false when that was already known.
 * A concurrent insert of the same pair waits for the first transaction on PostgreSQL, so join_once holds
 * under concurrency.
 */
export async function insertJoin(db: Kx, row: PublicationJoinsTable): Promise<boolean> {
  const unique: (keyof PublicationJoinsTable)[] = ['campaign_id', 'customer_id'];
  return (await insertSkippingTaken(db, 'publication_joins', row, unique, 'publication_id')).length === 1;
}

export async function findPublicationBySourceId(db: Kx, projectId: string, sourceId: string) {
  return findInProject(db, 'publications', projectId, { source_id: sourceId });
}

/** The vouchers of the given publications, in order, by publication id. */
export async function selectPublicationVouchers(db: Kx, ids: string[]) {
  const out = new Map<string, PublicationVoucherRow[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('publication_vouchers')
    .selectAll()
    .where('publication_id', 'in', ids)
    .orderBy('publication_id')
    .orderBy('position')
    .execute();
  for (const r of rows) out.set(r.publication_id, [...(out.get(r.publication_id) ?? []), r]);
  return out;
}

/** The columns `filters[…]` may name, as stored. */
export type FilterColumn =
  | 'customer_id'
  | 'campaign_id'
  | 'source_id'
  | 'result'
  | 'voucher_type'
  | 'is_referral_code'
  | 'failure_code';

export type FilterOp =
  | '$is'
  | '$is_not'
  | '$in'
  | '$not_in'
  | '$has_value'
  | '$is_unknown'
  | '$starts_with'
  | '$ends_with'
  | '$contains'
  | '$not_contain';

export interface Condition {
  column: FilterColumn;
  op: FilterOp;
  values: (string | number)[];
}

export interface PublicationFilter {
  projectId: string;
  /** Publications of these campaigns only (an empty list matches none). */
  campaignIds?: string[];
  customerId?: string;
  voucherCode?: string;
  result?: string;
  voucherType?: string;
  isReferralCode?: boolean;
  sourceId?: string;
  conditions: Condition[];
  junction: 'and' | 'or';
}

type Eb = ExpressionBuilder<Database, 'publications'>;

/** One condition as SQL; text matching uses replace() and substr(), which both databases spell alike. */
function conditionSql(eb: Eb, c: Condition): Expression<SqlBool> {
  // failure_code: every stored publication succeeded, so it has none.
  const col =
    c.column === 'failure_code' ? sql<string | null>`null` : sql.ref<string | number | null>(c.column);
  const v = c.values[0] ?? '';
  switch (c.op) {
    case '$is':
      return sql<SqlBool>`${col} = ${v}`;
    case '$is_not':
      return sql<SqlBool>`(${col} is null or ${col} <> ${v})`;
    case '$in':
      return c.values.length === 0 ? sql<SqlBool>`1 = 0` : sql<SqlBool>`${col} in (${sql.join(c.values)})`;
    case '$not_in':
      return c.values.length === 0
        ? sql<SqlBool>`1 = 1`
        : sql<SqlBool>`(${col} is null or ${col} not in (${sql.join(c.values)}))`;
    case '$has_value':
      return sql<SqlBool>`${col} is not null`;
    case '$is_unknown':
      return sql<SqlBool>`${col} is null`;
    case '$starts_with':
      return sql<SqlBool>`substr(${col}, 1, ${String(v).length}) = ${v}`;
    case '$ends_with':
      return sql<SqlBool>`(length(${col}) >= ${String(v).length} and substr(${col}, length(${col}) - ${String(v).length} + 1) = ${v})`;
    case '$contains':
      return sql<SqlBool>`replace(${col}, ${v}, '') <> ${col}`;
    case '$not_contain':
      return sql<SqlBool>`(${col} is null or replace(${col}, ${v}, '') = ${col})`;
  }
  return eb.lit(true) as unknown as Expression<SqlBool>;
}

function filtered(db: Kx, f: PublicationFilter) {
  let q = db.selectFrom('publications').where('project_id', '=', f.projectId);
  if (f.campaignIds !== undefined)
    q =
      f.campaignIds.length === 0 ? q.where(sql<SqlBool>`1 = 0`) : q.where('campaign_id', 'in', f.campaignIds);
  if (f.customerId !== undefined) q = q.where('customer_id', '=', f.customerId);
  if (f.result !== undefined) q = q.where('result', '=', f.result as 'SUCCESS');
  if (f.voucherType !== undefined)
    q = q.where('voucher_type', '=', f.voucherType as PublicationRow['voucher_type']);
  if (f.isReferralCode !== undefined) q = q.where('is_referral_code', '=', f.isReferralCode ? 1 : 0);
  if (f.sourceId !== undefined) q = q.where('source_id', '=', f.sourceId);
  if (f.voucherCode !== undefined) {
    const code = f.voucherCode;
    q = q.where('id', 'in', (eb) =>
      eb
        .selectFrom('publication_vouchers')
        .select('publication_id')
        .where('project_id', '=', f.projectId)
        .where('code', '=', code),
    );
  }
  if (f.conditions.length > 0)
    q = q.where((eb) => {
      const parts = f.conditions.map((c) => conditionSql(eb, c));
      return f.junction === 'or' ? eb.or(parts) : eb.and(parts);
    });
  return q;
}

const firstCode = sql`(select pv.code from publication_vouchers pv where pv.publication_id = publications.id and pv.position = 0)`;

export async function selectPublications(
  db: Kx,
  f: PublicationFilter,
  order: PublicationOrder,
  limit: number,
  offset: number,
): Promise<PublicationRow[]> {
  const sort = sortOrder(order);
  const by = sort.column === 'voucher_code' ? firstCode : sql.ref(sort.column);
  // Rows without the sort value (no tracking_id) come last.
  return pageOf(filtered(db, f).selectAll(), { ...sort, by, nullsLast: true }, { limit, offset }).execute();
}

export async function countPublications(db: Kx, f: PublicationFilter): Promise<number> {
  return countRows(filtered(db, f));
}
