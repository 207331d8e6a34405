import { type Static, Type } from '@sinclair/typebox';
import { Metadata, NullableIn } from '../platform/schemas.js';

/**
 * Request and response schemas of the products API (`/v1/products`, `/v1/skus`), after the `Product` and `Sku`
 * objects of Voucherify's reference. Prices are integers in the smallest currency unit. Unknown keys are
 * ignored.
 */

const Price = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
const ImageUrl = Type.String({ maxLength: 2048 });

const ProductFieldsIn = {
  source_id: Type.Optional(NullableIn(Type.String({ minLength: 1, maxLength: 500 }))),
  name: Type.Optional(NullableIn(Type.String({ maxLength: 500 }))),
  price: Type.Optional(NullableIn(Price)),
  attributes: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 100 })),
  metadata: Type.Optional(NullableIn(Metadata)),
  image_url: Type.Optional(NullableIn(ImageUrl)),
};

export const ProductCreateIn = Type.Object({
  id: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  ...ProductFieldsIn,
});
export type ProductCreateIn = Static<typeof ProductCreateIn>;

export const ProductUpdateIn = Type.Object(ProductFieldsIn);
export type ProductUpdateIn = Static<typeof ProductUpdateIn>;

const SkuFieldsIn = {
  source_id: Type.Optional(NullableIn(Type.String({ minLength: 1, maxLength: 500 }))),
  sku: Type.Optional(NullableIn(Type.String({ maxLength: 500 }))),
  price: Type.Optional(NullableIn(Price)),
  currency: Type.Optional(NullableIn(Type.String({ maxLength: 10 }))),
  attributes: Type.Optional(
    Type.Record(Type.String(), Type.String({ maxLength: 500 }), {
      description: "Values of the product's attributes, by attribute name",
    }),
  ),
  metadata: Type.Optional(NullableIn(Metadata)),
  image_url: Type.Optional(NullableIn(ImageUrl)),
};

export const SkuCreateIn = Type.Object({
  id: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  ...SkuFieldsIn,
});
export type SkuCreateIn = Static<typeof SkuCreateIn>;

export const SkuUpdateIn = Type.Object(SkuFieldsIn);
export type SkuUpdateIn = Static<typeof SkuUpdateIn>;

export const ProductParams = Type.Object({ productId: Type.String({ minLength: 1, maxLength: 600 }) });
export const ProductSkuParams = Type.Object({
  productId: Type.String({ minLength: 1, maxLength: 600 }),
  skuId: Type.String({ minLength: 1, maxLength: 600 }),
});
export const SkuParams = Type.Object({ skuId: Type.String({ minLength: 1, maxLength: 600 }) });

export const PRODUCT_ORDERS = ['created_at', '-created_at', 'updated_at', '-updated_at'] as const;

export const ProductListQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  page: Type.Integer({ minimum: 1, maximum: 1000, default: 1 }),
  order: Type.Optional(Type.Union(PRODUCT_ORDERS.map((o) => Type.Literal(o)))),
});
export type ProductListQuery = Static<typeof ProductListQuery>;

export const DeleteQuery = Type.Object({
  force: Type.Optional(Type.Boolean({ description: 'Accepted; deletion is always permanent here' })),
});

/** The answers; declared without properties so that the presenter's key order is kept. */
export const ProductOut = Type.Object({}, { additionalProperties: true, description: 'Product' });
export const SkuOut = Type.Object({}, { additionalProperties: true, description: 'SKU' });
export const ProductListOut = Type.Object({}, { additionalProperties: true, description: 'Products' });
export const SkuListOut = Type.Object({}, { additionalProperties: true, description: 'SKUs' });
