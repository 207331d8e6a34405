import { Type } from '@sinclair/typebox';
import type { AppContext } from '../platform/context.js';
import { NO_CONTENT, presentCursorList, replyNoContent, routeGroup } from '../platform/http/route.js';
import type { App } from '../platform/http/server.js';
import { ListOut, OneOf, PageQuery, PATH_PARAM_MAX_CHARS } from '../platform/schemas.js';
import { requestCaller } from '../projects/index.js';
import { presentPendingPoints } from './pending-points.presenter.js';
import * as svc from './pending-points.service.js';

const route = routeGroup('Loyalties', 'app');

const Id = Type.String({ minLength: 1, maxLength: PATH_PARAM_MAX_CHARS });
const MemberParams = Type.Object({ memberId: Id });
const EntryParams = Type.Object({ memberId: Id, pendingPointsId: Id });
const CampaignParams = Type.Object({ campaignId: Id });
const CampaignMemberParams = Type.Object({ campaignId: Id, memberId: Id });
const ListQuery = Type.Object({
  ...PageQuery(1000),
  order: Type.Optional(
    OneOf(['created_at', '-created_at', 'id', '-id'], {
      description: 'Oldest first (`created_at`, `id`) or newest first (the default)',
    }),
  ),
  starting_after_id: Type.Optional(
    Type.String({
      maxLength: PATH_PARAM_MAX_CHARS,
      description: 'A pending points entry of the list (lopp_…)',
    }),
  ),
});
const Open = (description: string) => Type.Object({}, { additionalProperties: true, description });
const PendingListOut = ListOut('data', Open('LoyaltyPendingPoints'), {
  has_more: Type.Boolean(),
  more_starting_after: Type.Optional(Type.String()),
});
const BalanceIn = Type.Object({ points: Type.Integer() });

/** `/v1/loyalties/members/{memberId}/pending-points…`, and the lists of a program and of its member. Auth (application keys) is set by the caller. */
export function pendingPointsRoutes(ctx: AppContext) {
  return async (app: App) => {
    for (const [url, params] of [
      ['/loyalties/members/:memberId/pending-points', MemberParams],
      ['/loyalties/:campaignId/members/:memberId/pending-points', CampaignMemberParams],
      ['/loyalties/:campaignId/pending-points', CampaignParams],
    ] as const)
      app.get(
        url,
        route({
          ...(url.includes(':memberId')
            ? {}
            : { description: 'The pending points of every card of the program' }),
          params,
          querystring: ListQuery,
          response: { 200: PendingListOut },
        }),
        async (req) => {
          const p = req.params as { memberId?: string; campaignId?: string };
          const r = await svc.listPendingPoints(
            ctx,
            requestCaller(req).projectId,
            { memberId: p.memberId, campaignRef: p.campaignId },
            req.query,
          );
          return presentCursorList(r.rows.map(presentPendingPoints), r.hasMore, r.total);
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
