/** Customers: the customer API under `/v1` and `/client/v1`, and the customer.* events it records. */
export { clientCustomerRoutes, customerRoutes } from './customer.routes.js';
