/** Customers: the customer API under `/v1` and `/client/v1`, and the customer.* events it records. */
export { clientCustomerRoutes, customerRoutes } from './customer.routes.js';
export { getCustomer, upsertCustomer } from './customer.service.js';
export { presentCustomer, type CustomerJson } from './customer.presenter.js';
export type { CustomerRow, CustomersTable, UnconfirmedCustomersTable } from './customer.table.js';
