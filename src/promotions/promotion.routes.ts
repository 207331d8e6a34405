import type { AppContext } from '../platform/context.js';
import { errorResponses } from '../platform/http/openapi.js';
import { NO_CONTENT, presentList, replyNoContent, routeGroup } from '../platform/http/route.js';
import type { App } from '../platform/http/server.js';
import { requestCaller } from '../projects/index.js';
import { type RedemptionCounts, VoucherValidationIn } from '../validations/index.js';
import * as stacks from './promotion-stack.service.js';
import * as tiers from './promotion-tier.service.js';
import { validatePromotions } from './promotion-validation.service.js';
import {
  CampaignParams,
  StackCreateIn,
  StackListOut,
  StackListQuery,
  StackOut,
  StackParams,
  StackUpdateIn,
  TierCreateIn,
  TierListOut,
  TierListQuery,
  TierOut,
  TierParams,
  TierUpdateIn,
} from './promotion.schemas.js';

const route = routeGroup('Promotions', 'app');

const tierOut = { 200: TierOut, ...errorResponses(404) };

/**
 * `/v1/promotions`: tiers and stacks of PROMOTION campaigns. Auth (application keys) is set by the caller;
 * `counts` are the redemption counts the legacy validation's rules read.
 */
export function promotionRoutes(ctx: AppContext, counts: RedemptionCounts) {
  return async (app: App) => {
    app.get(
      '/promotions/tiers',
      route({ querystring: TierListQuery, response: { 200: TierListOut } }),
      async (req) => {
        const r = await tiers.listTiers(ctx, requestCaller(req).projectId, req.query);
        return { ...presentList('tiers', r.tiers, r.total), has_more: r.hasMore };
      },
    );

    app.get(
      '/promotions/:campaignId/tiers',
      route({ params: CampaignParams, response: { 200: TierListOut, ...errorResponses(404) } }),
      async (req) => {
        const list = await tiers.listCampaignTiers(ctx, requestCaller(req).projectId, req.params.campaignId);
        return { ...presentList('tiers', list), has_more: false };
      },
    );

    app.post(
      '/promotions/:campaignId/tiers',
      route({ params: CampaignParams, body: TierCreateIn, response: tierOut }),
      async (req) => tiers.createTier(ctx, requestCaller(req), req.params.campaignId, req.body),
    );

    app.get(
      '/promotions/tiers/:promotionTierId',
      route({ params: TierParams, response: tierOut }),
      async (req) => tiers.getTier(ctx, requestCaller(req).projectId, req.params.promotionTierId),
    );

    app.put(
      '/promotions/tiers/:promotionTierId',
      route({ params: TierParams, body: TierUpdateIn, response: tierOut }),
      async (req) => tiers.updateTier(ctx, requestCaller(req), req.params.promotionTierId, req.body),
    );

    app.delete(
      '/promotions/tiers/:promotionTierId',
      route({ params: TierParams, response: { ...NO_CONTENT, ...errorResponses(404) } }),
      async (req, reply) =>
        replyNoContent(reply, tiers.deleteTier(ctx, requestCaller(req), req.params.promotionTierId)),
    );

    for (const [verb, active] of [
      ['enable', true],
      ['disable', false],
    ] as const) {
      app.post(
        `/promotions/tiers/:promotionTierId/${verb}`,
        route({ params: TierParams, response: tierOut }),
        async (req) => tiers.setTierActive(ctx, requestCaller(req), req.params.promotionTierId, active),
      );
    }

    app.post(
      '/promotions/validation',
      route({
        description: 'Which promotion tiers apply to an order and customer (legacy); writes nothing',
        body: VoucherValidationIn,
      }),
      async (req) => validatePromotions(ctx, requestCaller(req), req.body ?? {}, counts),
    );

    app.get(
      '/promotions/stacks',
      route({ querystring: StackListQuery, response: { 200: StackListOut } }),
      async (req) => {
        const r = await stacks.listStacks(ctx, requestCaller(req).projectId, req.query);
        return presentList('data', r.data, r.total);
      },
    );

    app.get(
      '/promotions/:campaignId/stacks',
      route({
        params: CampaignParams,
        querystring: StackListQuery,
        response: { 200: StackListOut, ...errorResponses(404) },
      }),
      async (req) => {
        const { projectId } = requestCaller(req);
        const r = await stacks.listStacks(ctx, projectId, req.query, req.params.campaignId);
        return presentList('data', r.data, r.total);
      },
    );

    app.post(
      '/promotions/:campaignId/stacks',
      route({
        params: CampaignParams,
        body: StackCreateIn,
        response: { 200: StackOut, ...errorResponses(404) },
      }),
      async (req) => stacks.createStack(ctx, requestCaller(req), req.params.campaignId, req.body),
    );

    app.get(
      '/promotions/:campaignId/stacks/:stackId',
      route({ params: StackParams, response: { 200: StackOut, ...errorResponses(404) } }),
      async (req) =>
        stacks.getStack(ctx, requestCaller(req).projectId, req.params.campaignId, req.params.stackId),
    );

    app.put(
      '/promotions/:campaignId/stacks/:stackId',
      route({
        params: StackParams,
        body: StackUpdateIn,
        response: { 200: StackOut, ...errorResponses(404) },
      }),
      async (req) =>
        stacks.updateStack(ctx, requestCaller(req), req.params.campaignId, req.params.stackId, req.body),
    );

    app.delete(
      '/promotions/:campaignId/stacks/:stackId',
      route({ params: StackParams, response: { ...NO_CONTENT, ...errorResponses(404) } }),
      async (req, reply) =>
        replyNoContent(
          reply,
          stacks.deleteStack(ctx, requestCaller(req), req.params.campaignId, req.params.stackId),
        ),
    );
  };
}
