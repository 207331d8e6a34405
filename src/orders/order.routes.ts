import type { AppContext } from '../platform/context.js';
import { errorResponses } from '../platform/http/openapi.js';
import { routeGroup } from '../platform/http/route.js';
import type { App } from '../platform/http/server.js';
import { requestCaller } from '../projects/index.js';
import { presentOrder } from './order.presenter.js';
import {
  OrderCreateIn,
  OrderListOut,
  OrderListQuery,
  OrderOut,
  OrderParams,
  OrderUpdateIn,
} from './order.schemas.js';
import * as svc from './order.service.js';

const route = routeGroup('Orders', 'app');

/** `/v1/orders`. Auth (application keys) is set by the caller. */
export function orderRoutes(ctx: AppContext) {
  return async (app: App) => {
    app.post(
      '/orders',
      route({ body: OrderCreateIn, response: { 200: OrderOut, ...errorResponses(404, 409) } }),
      async (req) => presentOrder(await svc.createOrder(ctx, requestCaller(req), req.body)),
    );

    app.get(
      '/orders',
      route({ querystring: OrderListQuery, response: { 200: OrderListOut } }),
      async (req) => {
        const { rows, total } = await svc.listOrders(ctx, requestCaller(req).projectId, req.query);
        return { object: 'list', data_ref: 'orders', orders: rows.map(presentOrder), total };
      },
    );

    app.get('/orders/:orderId', route({ params: OrderParams, response: { 200: OrderOut } }), async (req) =>
      presentOrder(await svc.findOrder(ctx.db.kysely, requestCaller(req).projectId, req.params.orderId)),
    );

    app.put(
      '/orders/:orderId',
      route({
        params: OrderParams,
        body: OrderUpdateIn,
        response: { 200: OrderOut, ...errorResponses(404, 409) },
      }),
      async (req) =>
        presentOrder(await svc.updateOrder(ctx, requestCaller(req), req.params.orderId, req.body)),
    );
  };
}
