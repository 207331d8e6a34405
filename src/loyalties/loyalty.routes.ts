import { Type } from '@sinclair/typebox';
import { CampaignCreateIn, CampaignListQuery, CampaignUpdateIn, campaignJson } from '../campaigns/index.js';
import type { AppContext } from '../platform/context.js';
import {
  NO_CONTENT,
  presentCursorList,
  presentList,
  replyAccepted,
  replyNoContent,
  routeGroup,
} from '../platform/http/route.js';
import type { App } from '../platform/http/server.js';
import { AsyncActionIdOut } from '../platform/schemas.js';
import { requestCaller } from '../projects/index.js';
import {
  BalanceIn,
  CampaignMemberParams,
  CampaignTransactionListQuery,
  CampaignParams,
  ExpirationListQuery,
  MemberCreateIn,
  MemberListQuery,
  MemberParams,
  Out,
  TierListQuery,
  TierParams,
  TiersIn,
  TiersOut,
  TierUpdateIn,
  TransactionListQuery,
  TransfersIn,
} from './loyalty.schemas.js';
import * as svc from './loyalty.service.js';
import { listCampaignTransactions } from './loyalty-program-lists.service.js';
import * as tiers from './loyalty-tier.service.js';

const route = routeGroup('Loyalties', 'app');
const DeleteQuery = Type.Object({ force: Type.Optional(Type.Boolean()) });

type Json = Record<string, unknown>;

/** `/v1/loyalties`: loyalty programs, members, points, transactions, expiration and tiers. */
export function loyaltyRoutes(ctx: AppContext) {
  return async (app: App) => {
    app.post(
      '/loyalties',
      route({ body: CampaignCreateIn, response: { 200: Out('Campaign') } }),
      async (req) => campaignJson(ctx.db.kysely, await svc.createProgram(ctx, requestCaller(req), req.body)),
    );

    app.get(
      '/loyalties',
      route({ querystring: CampaignListQuery, response: { 200: Out('Loyalty campaigns') } }),
      async (req) => {
        const { rows, total } = await svc.listPrograms(ctx, requestCaller(req).projectId, req.query);
        const campaigns: Json[] = [];
        for (const row of rows) campaigns.push(await campaignJson(ctx.db.kysely, row));
        return presentList('campaigns', campaigns, total);
      },
    );

    app.get(
      '/loyalties/:campaignId',
      route({ params: CampaignParams, response: { 200: Out('Campaign') } }),
      async (req) =>
        campaignJson(
          ctx.db.kysely,
          await svc.getProgram(ctx, requestCaller(req).projectId, req.params.campaignId),
        ),
    );

    app.put(
      '/loyalties/:campaignId',
      route({ params: CampaignParams, body: CampaignUpdateIn, response: { 200: Out('Campaign') } }),
      async (req) =>
        campaignJson(
          ctx.db.kysely,
          await svc.updateProgram(ctx, requestCaller(req), req.params.campaignId, req.body),
        ),
    );

    app.delete(
      '/loyalties/:campaignId',
      route({ params: CampaignParams, querystring: DeleteQuery, response: { 202: AsyncActionIdOut } }),
      async (req, reply) =>
        replyAccepted(
          reply,
          await svc.deleteProgram(ctx, requestCaller(req), req.params.campaignId, req.query.force === true),
        ),
    );

    app.post(
      '/loyalties/:campaignId/members',
      route({ params: CampaignParams, body: MemberCreateIn, response: { 200: Out('Loyalty card') } }),
      async (req) => svc.addMember(ctx, requestCaller(req), req.params.campaignId, req.body),
    );

    app.get(
      '/loyalties/:campaignId/members',
      route({ params: CampaignParams, querystring: MemberListQuery, response: { 200: Out('Members') } }),
      async (req) => {
        const { vouchers, total } = await svc.listMembers(
          ctx,
          requestCaller(req).projectId,
          req.params.campaignId,
          req.query,
        );
        return presentList('vouchers', vouchers, total);
      },
    );

    // Each member route has a form without the campaign and one scoped to it.
    for (const scoped of [false, true]) {
      const base = scoped ? '/loyalties/:campaignId/members/:memberId' : '/loyalties/members/:memberId';
      const params = scoped ? CampaignMemberParams : MemberParams;
      const campaignOf = (p: { memberId: string }) =>
        scoped ? (p as { campaignId?: string }).campaignId : undefined;

      app.get(base, route({ params, response: { 200: Out('Loyalty card') } }), async (req) =>
        svc.getMember(ctx, requestCaller(req).projectId, req.params.memberId, campaignOf(req.params)),
      );

      app.post(
        `${base}/balance`,
        route({ params, body: BalanceIn, response: { 200: Out('Balance') } }),
        async (req) =>
          svc.changeBalance(ctx, requestCaller(req), req.params.memberId, req.body, campaignOf(req.params)),
      );

      app.get(
        `${base}/transactions`,
        route({ params, querystring: TransactionListQuery, response: { 200: Out('Transactions') } }),
        async (req) => {
          const r = await svc.listTransactions(
            ctx,
            requestCaller(req).projectId,
            req.params.memberId,
            req.query,
            campaignOf(req.params),
          );
          return presentCursorList(r.data, r.hasMore, r.total);
        },
      );

      app.get(
        `${base}/points-expiration`,
        route({ params, querystring: ExpirationListQuery, response: { 200: Out('Points buckets') } }),
        async (req) => {
          const r = await svc.listPointsExpiration(
            ctx,
            requestCaller(req).projectId,
            req.params.memberId,
            req.query,
            campaignOf(req.params),
          );
          return presentList('data', r.data, r.total);
        },
      );
    }

    app.get(
      '/loyalties/:campaignId/transactions',
      route({
        description: 'The transactions of every card of the program, newest first',
        params: CampaignParams,
        querystring: CampaignTransactionListQuery,
        response: { 200: Out('Transactions') },
      }),
      async (req) => {
        const { projectId } = requestCaller(req);
        const r = await listCampaignTransactions(ctx, projectId, req.params.campaignId, req.query);
        return presentCursorList(r.data, r.hasMore, r.total);
      },
    );

    app.post(
      '/loyalties/:campaignId/members/:memberId/transfers',
      route({ params: CampaignMemberParams, body: TransfersIn, response: { 200: Out('Loyalty card') } }),
      async (req) =>
        svc.transferPoints(ctx, requestCaller(req), req.params.campaignId, req.params.memberId, req.body),
    );

    app.get(
      '/loyalties/members/:memberId/tiers',
      route({ params: MemberParams, response: { 200: Out('Loyalty tiers of the member') } }),
      async (req) => {
        const r = await tiers.listMemberTiers(ctx, requestCaller(req).projectId, req.params.memberId);
        return presentList('data', r.data, r.total);
      },
    );

    app.post(
      '/loyalties/:campaignId/tiers',
      route({ params: CampaignParams, body: TiersIn, response: { 200: TiersOut } }),
      async (req) => tiers.createTiers(ctx, requestCaller(req), req.params.campaignId, req.body),
    );

    app.get(
      '/loyalties/:campaignId/tiers',
      route({ params: CampaignParams, querystring: TierListQuery, response: { 200: Out('Loyalty tiers') } }),
      async (req) => {
        const r = await tiers.listTiers(ctx, requestCaller(req).projectId, req.params.campaignId, req.query);
        return presentList('data', r.data, r.total);
      },
    );

    app.get(
      '/loyalties/:campaignId/tiers/:tierId',
      route({ params: TierParams, response: { 200: Out('Loyalty tier') } }),
      async (req) =>
        tiers.getTier(ctx, requestCaller(req).projectId, req.params.campaignId, req.params.tierId),
    );

    app.put(
      '/loyalties/:campaignId/tiers/:tierId',
      route({
        description: 'Changes a loyalty tier (our extension; Voucherify edits tiers in its dashboard)',
        params: TierParams,
        body: TierUpdateIn,
        response: { 200: Out('Loyalty tier') },
      }),
      async (req) =>
        tiers.updateTier(ctx, requestCaller(req), req.params.campaignId, req.params.tierId, req.body),
    );

    app.delete(
      '/loyalties/:campaignId/tiers/:tierId',
      route({
        description: 'Deletes a loyalty tier (our extension; Voucherify deletes tiers in its dashboard)',
        params: TierParams,
        response: NO_CONTENT,
      }),
      async (req, reply) =>
        replyNoContent(
          reply,
          tiers.deleteTier(ctx, requestCaller(req), req.params.campaignId, req.params.tierId),
        ),
    );
  };
}
