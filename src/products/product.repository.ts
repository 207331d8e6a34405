import { sql } from 'kysely';
import type { Kx } from '../platform/db/connect.js';
import type { ProductRow, SkuRow } from './product.table.js';

export async function insertProduct(db: Kx, row: ProductRow): Promise<void> {
  await db.insertInto('products').values(row).execute();
}

/** A product of the project by its id, else by its source_id. */
export async function findProduct(db: Kx, projectId: string, idOrSourceId: string) {
  return (
    (await db
      .selectFrom('products')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('id', '=', idOrSourceId)
      .executeTakeFirst()) ?? findProductBySourceId(db, projectId, idOrSourceId)
  );
}

export async function findProductBySourceId(
  db: Kx,
  projectId: string,
  sourceId: string,
): Promise<ProductRow | undefined> {
  return db
    .selectFrom('products')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('source_id', '=', sourceId)
    .executeTakeFirst();
}

/** Products whose id or source_id is one of `refs`. */
export async function findProductsByRefs(db: Kx, projectId: string, refs: string[]): Promise<ProductRow[]> {
  if (refs.length === 0) return [];
  return db
    .selectFrom('products')
    .selectAll()
    .where('project_id', '=', projectId)
    .where((eb) => eb.or([eb('id', 'in', refs), eb('source_id', 'in', refs)]))
    .execute();
}

export async function updateProductRow(db: Kx, id: string, patch: Partial<ProductRow>): Promise<void> {
  await db.updateTable('products').set(patch).where('id', '=', id).execute();
}

export async function deleteProductRow(db: Kx, id: string): Promise<void> {
  await db.deleteFrom('skus').where('product_id', '=', id).execute();
  await db.deleteFrom('products').where('id', '=', id).execute();
}

export async function countProducts(db: Kx, projectId: string): Promise<number> {
  const r = await db
    .selectFrom('products')
    .where('project_id', '=', projectId)
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** One page of products, ties broken by id; products never updated sort as if updated when created. */
export async function selectProducts(
  db: Kx,
  projectId: string,
  order: string,
  limit: number,
  offset: number,
): Promise<ProductRow[]> {
  const desc = order.startsWith('-');
  const column = (desc ? order.slice(1) : order) as 'created_at' | 'updated_at';
  const dir = desc ? 'desc' : 'asc';
  const key = column === 'updated_at' ? sql`coalesce(updated_at, created_at)` : sql.ref('created_at');
  return db
    .selectFrom('products')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy(key, dir)
    .orderBy('id', dir)
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function insertSku(db: Kx, row: SkuRow): Promise<void> {
  await db.insertInto('skus').values(row).execute();
}

/** A SKU of the project by its id, else by its source_id. */
export async function findSku(db: Kx, projectId: string, idOrSourceId: string): Promise<SkuRow | undefined> {
  return (
    (await db
      .selectFrom('skus')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('id', '=', idOrSourceId)
      .executeTakeFirst()) ?? findSkuBySourceId(db, projectId, idOrSourceId)
  );
}

export async function findSkuBySourceId(
  db: Kx,
  projectId: string,
  sourceId: string,
): Promise<SkuRow | undefined> {
  return db
    .selectFrom('skus')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('source_id', '=', sourceId)
    .executeTakeFirst();
}

/** SKUs whose id or source_id is one of `refs`. */
export async function findSkusByRefs(db: Kx, projectId: string, refs: string[]): Promise<SkuRow[]> {
  if (refs.length === 0) return [];
  return db
    .selectFrom('skus')
    .selectAll()
    .where('project_id', '=', projectId)
    .where((eb) => eb.or([eb('id', 'in', refs), eb('source_id', 'in', refs)]))
    .execute();
}

/** The SKUs of the products, oldest first. */
export async function selectSkusOf(db: Kx, productIds: string[]): Promise<SkuRow[]> {
  if (productIds.length === 0) return [];
  return db
    .selectFrom('skus')
    .selectAll()
    .where('product_id', 'in', productIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function updateSkuRow(db: Kx, id: string, patch: Partial<SkuRow>): Promise<void> {
  await db.updateTable('skus').set(patch).where('id', '=', id).execute();
}

export async function deleteSkuRow(db: Kx, id: string): Promise<void> {
  await db.deleteFrom('skus').where('id', '=', id).execute();
}
