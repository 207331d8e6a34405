import type { AppContext } from '../platform/context.js';
import { isUniqueViolation, type Kx } from '../platform/db/connect.js';
import { type Tx, transact } from '../platform/db/transaction.js';
import { newId } from '../platform/ids.js';
import { METADATA_MAX_BYTES } from '../platform/schemas.js';
import {
  duplicateProductSourceId,
  duplicateSkuSourceId,
  metadataTooLarge,
  productNotFound,
  skuNotFound,
  skuOfAnotherProduct,
  unknownSkuAttribute,
} from './product.errors.js';
import * as repo from './product.repository.js';
import type {
  ProductCreateIn,
  ProductListQuery,
  ProductUpdateIn,
  SkuCreateIn,
  SkuUpdateIn,
} from './product.schemas.js';
import type { ProductRow, SkuRow } from './product.table.js';

/**
 * Products and SKUs: the catalogue that order items, validation rules and rewards refer to, by id or by
 * source_id. They record no event (none of the 60 is about them).
 */

type Ctx = Pick<AppContext, 'db' | 'clock'>;

function checkMetadata(metadata: unknown): void {
  if (metadata != null && Buffer.byteLength(JSON.stringify(metadata), 'utf8') > METADATA_MAX_BYTES)
    throw metadataTooLarge(METADATA_MAX_BYTES);
}

/** Runs the unit of work again once when it lost a race on a unique source_id (it then finds the winner's). */
async function retryOnUniqueViolation<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    return work();
  }
}

function productPatch(input: ProductUpdateIn): Partial<ProductRow> {
  const patch: Partial<ProductRow> = {};
  if (input.source_id !== undefined) patch.source_id = input.source_id;
  if (input.name !== undefined) patch.name = input.name;
  if (input.price !== undefined) patch.price = input.price;
  if (input.attributes !== undefined) patch.attributes = JSON.stringify([...new Set(input.attributes)]);
  if (input.metadata !== undefined) patch.metadata = JSON.stringify(input.metadata ?? {});
  if (input.image_url !== undefined) patch.image_url = input.image_url;
  return patch;
}

async function applyProductUpdate(tx: Tx, row: ProductRow, input: ProductUpdateIn): Promise<ProductRow> {
  const patch = productPatch(input);
  if (patch.source_id != null && patch.source_id !== row.source_id) {
    const holder = await repo.findProductBySourceId(tx.db, row.project_id, patch.source_id);
    if (holder && holder.id !== row.id) throw duplicateProductSourceId(patch.source_id, holder.id);
  }
  patch.updated_at = tx.now;
  await repo.updateProductRow(tx.db, row.id, patch);
  return { ...row, ...patch };
}

async function upsertProductIn(tx: Tx, projectId: string, input: ProductCreateIn): Promise<ProductRow> {
  const bySource = input.source_id
    ? await repo.findProductBySourceId(tx.db, projectId, input.source_id)
    : undefined;
  if (input.id !== undefined) {
    if (bySource && bySource.id !== input.id) throw duplicateProductSourceId(input.source_id!, bySource.id);
    const byId = bySource ?? (await repo.findProduct(tx.db, projectId, input.id));
    if (!byId || byId.id !== input.id) throw productNotFound(input.id);
    return applyProductUpdate(tx, byId, input);
  }
  if (bySource) return applyProductUpdate(tx, bySource, input);
  const row: ProductRow = {
    id: newId('product'),
    project_id: projectId,
    source_id: null,
    name: null,
    price: null,
    attributes: '[]',
    metadata: '{}',
    image_url: null,
    created_at: tx.now,
    updated_at: null,
    ...productPatch(input),
  };
  await repo.insertProduct(tx.db, row);
  return row;
}

/** `POST /v1/products`: creates, or updates the product with the body's `id` or `source_id` (an upsert). */
export async function upsertProduct(ctx: Ctx, projectId: string, input: ProductCreateIn) {
  checkMetadata(input.metadata);
  return retryOnUniqueViolation(() => transact(ctx, (tx) => upsertProductIn(tx, projectId, input)));
}

async function liveProduct(db: Kx, projectId: string, idOrSourceId: string): Promise<ProductRow> {
  const row = await repo.findProduct(db, projectId, idOrSourceId);
  if (!row) throw productNotFound(idOrSourceId);
  return row;
}

/** `PUT /v1/products/{id}`: sets the given fields of the product named by id or source_id. */
export async function updateProduct(
  ctx: Ctx,
  projectId: string,
  idOrSourceId: string,
  input: ProductUpdateIn,
) {
  checkMetadata(input.metadata);
  return retryOnUniqueViolation(() =>
    transact(ctx, async (tx) =>
      applyProductUpdate(tx, await liveProduct(tx.db, projectId, idOrSourceId), input),
    ),
  );
}

/** A product by id or source_id, with its SKUs. */
export async function getProduct(ctx: Ctx, projectId: string, idOrSourceId: string) {
  const product = await liveProduct(ctx.db.kysely, projectId, idOrSourceId);
  return { product, skus: await repo.selectSkusOf(ctx.db.kysely, [product.id]) };
}

/** `GET /v1/products`: one page, each product with its SKUs. */
export async function listProducts(ctx: Ctx, projectId: string, q: ProductListQuery) {
  const db = ctx.db.kysely;
  const total = await repo.countProducts(db, projectId);
  const rows = await repo.selectProducts(
    db,
    projectId,
    q.order ?? '-created_at',
    q.limit,
    (q.page - 1) * q.limit,
  );
  const skus = await repo.selectSkusOf(
    db,
    rows.map((r) => r.id),
  );
  return {
    total,
    products: rows.map((product) => ({ product, skus: skus.filter((s) => s.product_id === product.id) })),
  };
}

/** `DELETE /v1/products/{id}`: the product and its SKUs are gone. */
export async function deleteProduct(ctx: Ctx, projectId: string, idOrSourceId: string): Promise<void> {
  await transact(ctx, async (tx) => {
    const row = await liveProduct(tx.db, projectId, idOrSourceId);
    await repo.deleteProductRow(tx.db, row.id);
  });
}

function checkSkuAttributes(product: ProductRow, attributes: Record<string, string> | undefined) {
  if (!attributes) return;
  const allowed = new Set(JSON.parse(product.attributes) as string[]);
  for (const name of Object.keys(attributes))
    if (!allowed.has(name)) throw unknownSkuAttribute(name, product.id);
}

function skuPatch(input: SkuUpdateIn): Partial<SkuRow> {
  const patch: Partial<SkuRow> = {};
  if (input.source_id !== undefined) patch.source_id = input.source_id;
  if (input.sku !== undefined) patch.sku = input.sku;
  if (input.price !== undefined) patch.price = input.price;
  if (input.currency !== undefined) patch.currency = input.currency;
  if (input.attributes !== undefined) patch.attributes = JSON.stringify(input.attributes);
  if (input.metadata !== undefined) patch.metadata = JSON.stringify(input.metadata ?? {});
  if (input.image_url !== undefined) patch.image_url = input.image_url;
  return patch;
}

async function applySkuUpdate(tx: Tx, product: ProductRow, row: SkuRow, input: SkuUpdateIn): Promise<SkuRow> {
  if (row.product_id !== product.id) throw skuOfAnotherProduct(row.id, row.product_id);
  checkSkuAttributes(product, input.attributes);
  const patch = skuPatch(input);
  if (patch.source_id != null && patch.source_id !== row.source_id) {
    const holder = await repo.findSkuBySourceId(tx.db, row.project_id, patch.source_id);
    if (holder && holder.id !== row.id) throw duplicateSkuSourceId(patch.source_id, holder.id);
  }
  patch.updated_at = tx.now;
  await repo.updateSkuRow(tx.db, row.id, patch);
  return { ...row, ...patch };
}

async function upsertSkuIn(tx: Tx, product: ProductRow, input: SkuCreateIn): Promise<SkuRow> {
  const projectId = product.project_id;
  const bySource = input.source_id
    ? await repo.findSkuBySourceId(tx.db, projectId, input.source_id)
    : undefined;
  if (input.id !== undefined) {
    if (bySource && bySource.id !== input.id) throw duplicateSkuSourceId(input.source_id!, bySource.id);
    const byId = bySource ?? (await repo.findSku(tx.db, projectId, input.id));
    if (!byId || byId.id !== input.id) throw skuNotFound(input.id);
    return applySkuUpdate(tx, product, byId, input);
  }
  if (bySource) return applySkuUpdate(tx, product, bySource, input);
  checkSkuAttributes(product, input.attributes);
  const row: SkuRow = {
    id: newId('sku'),
    project_id: projectId,
    product_id: product.id,
    source_id: null,
    sku: null,
    price: null,
    currency: null,
    attributes: '{}',
    metadata: '{}',
    image_url: null,
    created_at: tx.now,
    updated_at: null,
    ...skuPatch(input),
  };
  await repo.insertSku(tx.db, row);
  return row;
}

/** `POST /v1/products/{id}/skus`: creates, or updates the product's SKU with the body's `id` or `source_id`. */
export async function upsertSku(ctx: Ctx, projectId: string, productRef: string, input: SkuCreateIn) {
  checkMetadata(input.metadata);
  return retryOnUniqueViolation(() =>
    transact(ctx, async (tx) => upsertSkuIn(tx, await liveProduct(tx.db, projectId, productRef), input)),
  );
}

async function skuOf(db: Kx, product: ProductRow, skuRef: string): Promise<SkuRow> {
  const row = await repo.findSku(db, product.project_id, skuRef);
  if (!row || row.product_id !== product.id) throw skuNotFound(skuRef);
  return row;
}

/** `PUT /v1/products/{id}/skus/{skuId}`. */
export async function updateSku(
  ctx: Ctx,
  projectId: string,
  productRef: string,
  skuRef: string,
  input: SkuUpdateIn,
) {
  checkMetadata(input.metadata);
  return retryOnUniqueViolation(() =>
    transact(ctx, async (tx) => {
      const product = await liveProduct(tx.db, projectId, productRef);
      return applySkuUpdate(tx, product, await skuOf(tx.db, product, skuRef), input);
    }),
  );
}

/** `GET /v1/skus/{skuId}`: a SKU by id or source_id, whatever its product. */
export async function getSku(ctx: Ctx, projectId: string, skuRef: string): Promise<SkuRow> {
  const row = await repo.findSku(ctx.db.kysely, projectId, skuRef);
  if (!row) throw skuNotFound(skuRef);
  return row;
}

/** `GET /v1/products/{id}/skus/{skuId}`: a SKU of that product. */
export async function getProductSku(ctx: Ctx, projectId: string, productRef: string, skuRef: string) {
  return skuOf(ctx.db.kysely, await liveProduct(ctx.db.kysely, projectId, productRef), skuRef);
}

/** `GET /v1/products/{id}/skus`. */
export async function listSkus(ctx: Ctx, projectId: string, productRef: string): Promise<SkuRow[]> {
  const product = await liveProduct(ctx.db.kysely, projectId, productRef);
  return repo.selectSkusOf(ctx.db.kysely, [product.id]);
}

/** `DELETE /v1/products/{id}/skus/{skuId}`. */
export async function deleteSku(ctx: Ctx, projectId: string, productRef: string, skuRef: string) {
  await transact(ctx, async (tx) => {
    const product = await liveProduct(tx.db, projectId, productRef);
    await repo.deleteSkuRow(tx.db, (await skuOf(tx.db, product, skuRef)).id);
  });
}

/** What order items name: products and SKUs by id or source_id, and the products of those SKUs. */
export interface CatalogueHits {
  product(ref: string): ProductRow | undefined;
  sku(ref: string): SkuRow | undefined;
  productOf(sku: SkuRow): ProductRow | undefined;
}

/**
 * The products and SKUs that the refs name (each by id or source_id), in a few reads; works with
 * `ctx.db.kysely` or inside a transaction (`tx.db`).
 */
export async function findCatalogueItems(
  db: Kx,
  projectId: string,
  refs: { products: string[]; skus: string[] },
): Promise<CatalogueHits> {
  const skus = await repo.findSkusByRefs(db, projectId, [...new Set(refs.skus)]);
  const productRefs = [...new Set([...refs.products, ...skus.map((s) => s.product_id)])];
  const products = await repo.findProductsByRefs(db, projectId, productRefs);
  const pick = <R extends { id: string; source_id: string | null }>(rows: R[], ref: string) =>
    rows.find((r) => r.id === ref) ?? rows.find((r) => r.source_id === ref);
  return {
    product: (ref) => pick(products, ref),
    sku: (ref) => pick(skus, ref),
    productOf: (sku) => products.find((p) => p.id === sku.product_id),
  };
}
