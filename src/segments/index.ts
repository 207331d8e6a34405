/**
 * Segments: static customer segments (`/v1/segments`, `GET /v1/customers/{id}/segments`), and which segments
 * a customer is in, for the rule engine's `customer.segment`.
 */
export { segmentExists, segmentIdsOfCustomer } from './segment.service.js';
export { segmentRoutes } from './segment.routes.js';
