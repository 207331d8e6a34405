import { type Expression, type SelectQueryBuilder, sql } from 'kysely';

/** The lists of every context: a count of what a filter matches, and one page of it in the client's order. */

/** How many rows the filtered query selects. */
export async function countRows<DB, TB extends keyof DB, O>(
  q: SelectQueryBuilder<DB, TB, O>,
): Promise<number> {
  const r = await q.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return Number((r as unknown as { n: number | string }).n);
}

/** A list order as the API takes it: a column name, descending with a leading `-`. */
export interface SortOrder<C extends string> {
  column: C;
  dir: 'asc' | 'desc';
}

export function sortOrder<C extends string>(order: C | `-${C}`): SortOrder<C> {
  return order.startsWith('-')
    ? { column: order.slice(1) as C, dir: 'desc' }
    : { column: order as C, dir: 'asc' };
}

/**
 * One page of the query in the given order, ties broken by id in the same direction. With `nullsLast`,
 * rows without the sort value come last on both databases: SQLite and PostgreSQL disagree on where NULL
 * sorts by default. `by` may be an expression in place of the column.
 */
export function pageOf<DB, TB extends keyof DB, O>(
  q: SelectQueryBuilder<DB, TB, O>,
  order: SortOrder<string> & { by?: Expression<unknown>; nullsLast?: boolean },
  page: { limit: number; offset?: number },
): SelectQueryBuilder<DB, TB, O> {
  const by = order.by ?? sql.ref(order.column);
  let out = q;
  if (order.nullsLast) out = out.orderBy(sql`case when ${by} is null then 1 else 0 end`);
  out = out.orderBy(by, order.dir).orderBy(sql.ref('id'), order.dir).limit(page.limit);
  return page.offset === undefined ? out : out.offset(page.offset);
}
