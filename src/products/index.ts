/**
 * Products and SKUs: the catalogue API under `/v1/products` and `/v1/skus`. Records no event.
 */
export { productRoutes } from './product.routes.js';
