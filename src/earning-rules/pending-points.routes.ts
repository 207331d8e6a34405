import { Type } from '@sinclair/typebox';
import type { AppContext } from '../platform/context.js';
import { NO_CONTENT, presentList, replyNoContent, routeGroup } from '../platform/http/route.js';
import type { App } from '../platform/http/server.js';
import { ListOut, OneOf, PageQuery, PATH_PARAM_MAX_CHARS } from '../platform/schemas.js';
import { requestCaller } from '../projects/index.js';
import { presentPendingPoints } from './pending-points.presenter.js';
import * as svc from './pending-points.service.js';

const route = routeGroup('Loyalties', 'app');

const Id = Type.String({ minLength: 1, maxLength: PATH_PARAM_MAX_CHARS });
const MemberParams = Type.Object({ memberId: Id });
const EntryParams = Type.Object({ memberId: Id, pendingPointsId: Id });
const ListQuery = Type.Object({
  ...PageQuery(1000),
  order: Type.Optional(OneOf(['created_at', '-created_at'])),
});
const Open = (description: string) => Type.Object({}, { additionalProperties: true, description });
const BalanceIn = Type.Object({ points: Type.Integer() });

/** `/v1/loyalties/members/{memberId}/pending-points…`. Auth (application keys) is set by the caller. */
export function pendingPointsRoutes(ctx: AppContext) {
  return async (app: App) => {
    app.get(
      '/loyalties/members/:memberId/pending-points',
      route({
        params: MemberParams,
        querystring: ListQuery,
        response: { 200: ListOut('data', Open('LoyaltyPendingPoints')) },
      }),
      async (req) => {
        const { projectId } = requestCaller(req);
        const { rows, total } = await svc.listPendingPoints(ctx, projectId, req.params.memberId, req.query);
        return presentList('data', rows.map(presentPendingPoints), total);
      },
    );

    app.post(
      '/loyalties/members/:memberId/pending-points/:pendingPointsId/activate',
      route({
        params: EntryParams,
        response: { 200: Open('LoyaltiesMembersPendingPointsActivateResponseBody') },
      }),
      async (req) =>
        svc.activatePendingPoints(ctx, requestCaller(req), req.params.memberId, req.params.pendingPointsId),
    );

    app.post(
      '/loyalties/members/:memberId/pending-points/:pendingPointsId/balance',
      route({
        params: EntryParams,
        body: BalanceIn,
        response: { 200: Open('LoyaltiesMembersPendingPointsBalanceResponseBody') },
      }),
      async (req) => {
        const { memberId, pendingPointsId } = req.params;
        return svc.changePendingPointsBalance(
          ctx,
          requestCaller(req),
          memberId,
          pendingPointsId,
          req.body.points,
        );
      },
    );

    app.post(
      '/loyalties/members/:memberId/pending-points/:pendingPointsId/cancel',
      route({ params: EntryParams, response: NO_CONTENT }),
      async (req, reply) =>
        replyNoContent(
          reply,
          svc.cancelPendingPoints(ctx, requestCaller(req), req.params.memberId, req.params.pendingPointsId),
        ),
    );
  };
}
