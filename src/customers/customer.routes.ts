import { ID_PREFIXES } from '../platform/ids.js';
import type { AppContext } from '../platform/context.js';
import { NO_CONTENT, presentList, replyNoContent, routeGroup } from '../platform/http/route.js';
import type { App } from '../platform/http/server.js';
import { errorResponses } from '../platform/http/openapi.js';
import { requestCaller } from '../projects/index.js';
import { presentCustomer, presentUnconfirmedCustomer } from './customer.presenter.js';
import {
  CustomerCreateIn,
  CustomerListOut,
  CustomerListQuery,
  CustomerOrUnconfirmedOut,
  CustomerOut,
  CustomerParams,
  CustomerUpdateIn,
  DoubleOptInHeaders,
  PermanentDeletionOut,
  UnconfirmedParams,
} from './customer.schemas.js';
import * as svc from './customer.service.js';

const route = routeGroup('Customers', 'app');
const clientRoute = routeGroup('Customers', 'client');

/** `/v1/customers`. Auth (application keys) is set by the caller. */
export function customerRoutes(ctx: AppContext) {
  return async (app: App) => {
    app.post(
      '/customers',
      route({ body: CustomerCreateIn, response: { 200: CustomerOut, ...errorResponses(404, 409) } }),
      async (req) => presentCustomer((await svc.upsertCustomer(ctx, requestCaller(req), req.body)).customer),
    );

    app.get(
      '/customers',
      route({ querystring: CustomerListQuery, response: { 200: CustomerListOut } }),
      async (req) => {
        const { rows, total, hasMore } = await svc.listCustomers(
          ctx,
          requestCaller(req).projectId,
          req.query,
        );
        return { ...presentList('customers', rows.map(presentCustomer), total), has_more: hasMore };
      },
    );

    app.get(
      '/customers/:customerId',
      route({ params: CustomerParams, response: { 200: CustomerOrUnconfirmedOut } }),
      async (req) => {
        const { projectId } = requestCaller(req);
        const id = req.params.customerId;
        if (id.startsWith(ID_PREFIXES.unconfirmedCustomer))
          return presentUnconfirmedCustomer(await svc.getUnconfirmedCustomer(ctx, projectId, id));
        return presentCustomer(await svc.getCustomer(ctx, projectId, id));
      },
    );

    app.put(
      '/customers/:customerId',
      route({
        params: CustomerParams,
        body: CustomerUpdateIn,
        response: { 200: CustomerOut, ...errorResponses(409) },
      }),
      async (req) =>
        presentCustomer(await svc.updateCustomer(ctx, requestCaller(req), req.params.customerId, req.body)),
    );

    app.delete(
      '/customers/:customerId',
      route({ params: CustomerParams, response: NO_CONTENT }),
      async (req, reply) =>
        replyNoContent(reply, svc.deleteCustomer(ctx, requestCaller(req), req.params.customerId)),
    );

    app.post(
      '/customers/:customerId/permanent-deletion',
      route({ params: CustomerParams, response: { 200: PermanentDeletionOut } }),
      async (req) => svc.deleteCustomerPermanently(ctx, requestCaller(req), req.params.customerId),
    );

    app.post(
      '/customers/unconfirmed/:unconfirmedCustomerId/confirm',
      route({
        description:
          'Confirms a customer created with double opt-in (our extension: Voucherify confirms through an e-mailed link)',
        params: UnconfirmedParams,
        response: { 200: CustomerOut },
      }),
      async (req) =>
        presentCustomer(await svc.confirmCustomer(ctx, requestCaller(req), req.params.unconfirmedCustomerId)),
    );
  };
}

/** `/client/v1/customers`. Auth (client keys and origins) is set by the caller. */
export function clientCustomerRoutes(ctx: AppContext) {
  return async (app: App) => {
    app.post(
      '/customers',
      clientRoute({
        description:
          'Creates or updates a customer; with X-Voucherify-Double-Opt-In: true, creates an unconfirmed customer',
        headers: DoubleOptInHeaders,
        body: CustomerCreateIn,
        response: { 200: CustomerOrUnconfirmedOut, ...errorResponses(404, 409) },
      }),
      async (req) => {
        const caller = requestCaller(req);
        if (req.headers['x-voucherify-double-opt-in'] === 'true')
          return presentUnconfirmedCustomer(await svc.createUnconfirmedCustomer(ctx, caller, req.body));
        return presentCustomer((await svc.upsertCustomer(ctx, caller, req.body)).customer);
      },
    );
  };
}
