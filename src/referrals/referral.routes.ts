import type { AppContext } from '../platform/context.js';
import { errorResponses } from '../platform/http/openapi.js';
import { NO_CONTENT, presentList, replyNoContent, routeGroup } from '../platform/http/route.js';
import type { App } from '../platform/http/server.js';
import { requestCaller } from '../projects/index.js';
import { listHolders } from './referral-holder.service.js';
import { presentTier } from './referral.presenter.js';
import {
  CampaignMemberParams,
  CampaignParams,
  HoldersOut,
  HoldersQuery,
  MemberParams,
  TierCreateIn,
  TierListOut,
  TierListQuery,
  TierOut,
  TierParams,
  TierUpdateIn,
} from './referral.schemas.js';
import * as svc from './referral.service.js';

const route = routeGroup('Referrals', 'app');

/** `/v1/referrals/{campaignId}/tiers…` and the holders of a referral code. */
export function referralRoutes(ctx: AppContext) {
  return async (app: App) => {
    app.post(
      '/referrals/:campaignId/tiers',
      route({
        params: CampaignParams,
        body: TierCreateIn,
        response: { 200: TierOut, ...errorResponses(404) },
      }),
      async (req) => {
        const { row, campaign } = await svc.createTier(
          ctx,
          requestCaller(req),
          req.params.campaignId,
          req.body,
        );
        return presentTier(row, campaign);
      },
    );

    app.get(
      '/referrals/:campaignId/tiers',
      route({ params: CampaignParams, querystring: TierListQuery, response: { 200: TierListOut } }),
      async (req) => {
        const { projectId } = requestCaller(req);
        const { rows, campaign, total } = await svc.listTiers(
          ctx,
          projectId,
          req.params.campaignId,
          req.query,
        );
        return presentList(
          'data',
          rows.map((r) => presentTier(r, campaign)),
          total,
        );
      },
    );

    app.get(
      '/referrals/:campaignId/tiers/:referralTierId',
      route({ params: TierParams, response: { 200: TierOut } }),
      async (req) => {
        const { campaignId, referralTierId } = req.params;
        const { row, campaign } = await svc.getTier(
          ctx,
          requestCaller(req).projectId,
          campaignId,
          referralTierId,
        );
        return presentTier(row, campaign);
      },
    );

    app.put(
      '/referrals/:campaignId/tiers/:referralTierId',
      route({ params: TierParams, body: TierUpdateIn, response: { 200: TierOut } }),
      async (req) => {
        const { campaignId, referralTierId } = req.params;
        const { row, campaign } = await svc.updateTier(
          ctx,
          requestCaller(req),
          campaignId,
          referralTierId,
          req.body,
        );
        return presentTier(row, campaign);
      },
    );

    app.delete(
      '/referrals/:campaignId/tiers/:referralTierId',
      route({ params: TierParams, response: NO_CONTENT }),
      async (req, reply) => {
        const { campaignId, referralTierId } = req.params;
        return replyNoContent(reply, svc.deleteTier(ctx, requestCaller(req), campaignId, referralTierId));
      },
    );

    app.get(
      '/referrals/members/:memberId/holders',
      route({ params: MemberParams, querystring: HoldersQuery, response: { 200: HoldersOut } }),
      async (req) => listHolders(ctx, requestCaller(req).projectId, req.params.memberId, null, req.query),
    );

    app.get(
      '/referrals/:campaignId/members/:memberId/holders',
      route({ params: CampaignMemberParams, querystring: HoldersQuery, response: { 200: HoldersOut } }),
      async (req) => {
        const { campaignId, memberId } = req.params;
        return listHolders(ctx, requestCaller(req).projectId, memberId, campaignId, req.query);
      },
    );
  };
}
