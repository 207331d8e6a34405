/**
 * Customers: the customer API under `/v1` and `/client/v1`, the customer.* events it records, and the lookup
 * of a customer by id or source_id for contexts that reference customers.
 */
export { clientCustomerRoutes, customerRoutes } from './customer.routes.js';
export { findCustomerId } from './customer.service.js';
