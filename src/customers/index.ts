/**
 * Customers: the customer API under `/v1` and `/client/v1`, the customer.* events it records, the lookup
 * of a customer by id or source_id for contexts that reference customers, and the customers that other
 * contexts' requests name inline (found, or created on the fly).
 */
export { clientCustomerRoutes, customerRoutes } from './customer.routes.js';
export { findCustomerId } from './customer.service.js';
export { type CustomerRef, customersByIds, ensureCustomer, lookupCustomer } from './customer-ref.service.js';
export { presentCustomer, presentSimpleCustomer } from './customer.presenter.js';
export { CustomerCreateIn } from './customer.schemas.js';
export type { CustomerRow } from './customer.table.js';
export { CUSTOMER_EVENTS, SAMPLE_CUSTOMER_ROW, SimpleCustomerOut } from './customer.events.js';
export { CustomerOut } from './customer.schemas.js';
