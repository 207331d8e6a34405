/**
 * Products and SKUs: the catalogue API under `/v1/products` and `/v1/skus`, and the lookup of the products
 * and SKUs that order items name (by id or source_id). Records no event.
 */
export { productRoutes } from './product.routes.js';
export { findCatalogueItems } from './product.service.js';
export { presentItemProduct, presentItemSku } from './product.presenter.js';
