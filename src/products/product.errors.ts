import { duplicateFound, invalidPayload, notFound } from '../platform/errors.js';

export const productNotFound = (idOrSourceId: string) => notFound('product', idOrSourceId);
export const skuNotFound = (idOrSourceId: string) => notFound('sku', idOrSourceId);

export const duplicateProductSourceId = (sourceId: string, holderId: string) =>
  duplicateFound('product', `Product with source_id ${sourceId} already exists (${holderId})`, holderId);

export const duplicateSkuSourceId = (sourceId: string, holderId: string) =>
  duplicateFound('sku', `SKU with source_id ${sourceId} already exists (${holderId})`, holderId);

export const skuOfAnotherProduct = (skuId: string, productId: string) =>
  duplicateFound('sku', `SKU ${skuId} belongs to product ${productId}`, skuId);

export const unknownSkuAttribute = (name: string, productId: string) =>
  invalidPayload(
    `attributes.${name} is not an attribute of product ${productId}; add it to the product's attributes first`,
  );

export const metadataTooLarge = (limit: number) =>
  invalidPayload(`metadata must be at most ${limit} bytes when serialised as JSON`);
