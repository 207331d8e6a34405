/** A product (`prod_…`). Timestamps are epoch milliseconds; attributes and metadata are JSON text. */
export interface ProductsTable {
  id: string;
  project_id: string;
  /** Unique in the project when set. */
  source_id: string | null;
  name: string | null;
  /** Unit price in the smallest currency unit. */
  price: number | null;
  /** JSON array of attribute names that the product's SKUs give values to. */
  attributes: string;
  metadata: string;
  image_url: string | null;
  created_at: number;
  updated_at: number | null;
}

/** A SKU (`sku_…`) of a product: a variant with its own price and attribute values. */
export interface SkusTable {
  id: string;
  project_id: string;
  product_id: string;
  /** Unique in the project when set. */
  source_id: string | null;
  /** The SKU's name (Voucherify's `sku`). */
  sku: string | null;
  price: number | null;
  currency: string | null;
  /** JSON object: attribute name (one of the product's) → value. */
  attributes: string;
  metadata: string;
  image_url: string | null;
  created_at: number;
  updated_at: number | null;
}

export type ProductRow = ProductsTable;
export type SkuRow = SkusTable;
