import { Type } from '@sinclair/typebox';
import type { AppContext } from '../platform/context.js';
import { routeGroup } from '../platform/http/route.js';
import type { App } from '../platform/http/server.js';
import { FreeObject } from '../platform/schemas.js';
import { requestCaller } from '../projects/index.js';
import { presentAsyncAction } from './async-action.presenter.js';
import * as svc from './async-action.service.js';

const route = routeGroup('Async actions', 'app');

/** `/v1/async-actions`: the state of background work (generation, import, campaign deletion). */
export function asyncActionRoutes(ctx: AppContext) {
  return async (app: App) => {
    app.get(
      '/async-actions',
      route({
        querystring: Type.Object({
          limit: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
          end_date: Type.Optional(Type.String()),
        }),
        response: {
          200: Type.Object({
            object: Type.Literal('list'),
            data_ref: Type.Literal('async_actions'),
            async_actions: Type.Array(FreeObject),
            has_more: Type.Boolean(),
          }),
        },
      }),
      async (req) => {
        const { rows, hasMore } = await svc.listAsyncActions(ctx, requestCaller(req).projectId, req.query);
        return {
          object: 'list' as const,
          data_ref: 'async_actions' as const,
          async_actions: rows.map((r) => presentAsyncAction(r, false)),
          has_more: hasMore,
        };
      },
    );

    app.get(
      '/async-actions/:asyncActionId',
      route({
        params: Type.Object({ asyncActionId: Type.String({ minLength: 1 }) }),
        response: { 200: FreeObject },
      }),
      async (req) =>
        presentAsyncAction(
          await svc.getAsyncAction(ctx, requestCaller(req).projectId, req.params.asyncActionId),
        ),
    );
  };
}
