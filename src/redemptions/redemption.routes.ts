import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../platform/context.js';
import { nestQuery } from '../platform/http/nested-query.js';
import { errorResponses } from '../platform/http/openapi.js';
import { routeGroup } from '../platform/http/route.js';
import type { App } from '../platform/http/server.js';
import { requestCaller } from '../projects/index.js';
import { getRedemption, listRedemptions, voucherRedemptions } from './redemption-list.service.js';
import { rollbackRedemption } from './redemption-rollback.service.js';
import {
  ClientRedeemQuery,
  CodeParams,
  IdParams,
  ParentIdParams,
  CampaignMemberParams,
  MemberParams,
  RedemptionCreateIn,
  RewardRedemptionIn,
  RedemptionListOut,
  RedemptionListQuery,
  RedemptionOut,
  RollbackIn,
  RollbackQuery,
  TierParams,
  VoucherRedemptionIn,
} from './redemption.schemas.js';
import { type RedeemIn, redeem } from './redemption.service.js';
import { redeemReward } from './reward-redemption.service.js';

const route = routeGroup('Redemptions', 'app');
const clientRoute = routeGroup('Redemptions', 'client');

/** A redeemable or customer the body names may not exist. */
const redeemed = { 200: RedemptionOut, ...errorResponses(404) };

const stackable = {
  description:
    'Redeems up to 30 redeemables for an order and customer in one transaction: all applicable ones, or none',
  body: RedemptionCreateIn,
  response: redeemed,
};

/**
 * The legacy single redemptions of a voucher or a promotion tier: the stackable one with one redeemable;
 * answers that redemption.
 */
async function redeemOne(
  ctx: AppContext,
  req: FastifyRequest,
  code: string,
  body: VoucherRedemptionIn,
  object: 'voucher' | 'promotion_tier' = 'voucher',
) {
  const { gift, reward: _reward, ...rest } = body ?? {};
  const input: RedeemIn = {
    ...rest,
    redeemables: [{ object, id: code, ...(gift && object === 'voucher' ? { gift } : {}) }],
  };
  const { answer } = await redeem(ctx, requestCaller(req), input);
  return (answer.redemptions as unknown[])[0];
}

const nested = async (req: FastifyRequest) => {
  req.query = nestQuery(req.query as Record<string, unknown>);
};

/**
 * `/v1/redemptions` and the legacy `/v1/vouchers/{code}/redemption` and
 * `/v1/promotions/tiers/{promotionTierId}/redemption`. Auth (application keys) is set by the caller.
 */
export function redemptionRoutes(ctx: AppContext) {
  return async (app: App) => {
    rewardRedemptionRoutes(ctx, app);

    app.post('/redemptions', route(stackable), async (req) => {
      return (await redeem(ctx, requestCaller(req), req.body)).answer;
    });

    app.post(
      '/vouchers/:code/redemption',
      route({
        description: 'Redeems one voucher (legacy)',
        params: CodeParams,
        body: VoucherRedemptionIn,
        response: redeemed,
      }),
      async (req) => redeemOne(ctx, req, req.params.code, req.body),
    );

    app.post(
      '/promotions/tiers/:promotionTierId/redemption',
      route({
        description: 'Redeems one promotion tier (legacy)',
        params: TierParams,
        body: VoucherRedemptionIn,
        response: redeemed,
      }),
      async (req) => redeemOne(ctx, req, req.params.promotionTierId, req.body, 'promotion_tier'),
    );

    app.get(
      '/vouchers/:code/redemption',
      route({ params: CodeParams, response: { 200: RedemptionOut, ...errorResponses(404) } }),
      async (req) => voucherRedemptions(ctx, requestCaller(req).projectId, req.params.code),
    );

    app.get(
      '/redemptions',
      {
        preValidation: nested,
        ...route({ querystring: RedemptionListQuery, response: { 200: RedemptionListOut } }),
      },
      async (req) => {
        const { redemptions, total } = await listRedemptions(ctx, requestCaller(req).projectId, req.query);
        return { object: 'list' as const, data_ref: 'redemptions' as const, redemptions, total };
      },
    );

    app.get(
      '/redemptions/:redemptionId',
      route({ params: IdParams, response: { 200: RedemptionOut, ...errorResponses(404) } }),
      async (req) => getRedemption(ctx, requestCaller(req).projectId, req.params.redemptionId),
    );

    app.post(
      '/redemptions/:redemptionId/rollback',
      route({
        description: 'Rolls back a redemption that is not part of a stack',
        params: IdParams,
        querystring: RollbackQuery,
        body: RollbackIn,
        response: redeemed,
      }),
      async (req) => {
        const input = { ...req.body, ...req.query, reason: req.query.reason ?? req.body?.reason };
        return rollbackRedemption(ctx, requestCaller(req), req.params.redemptionId, input, 'single');
      },
    );

    app.post(
      '/redemptions/:parentRedemptionId/rollbacks',
      route({
        description: 'Rolls back a stacked redemption: its parent and every child',
        params: ParentIdParams,
        querystring: RollbackQuery,
        body: RollbackIn,
        response: redeemed,
      }),
      async (req) => {
        const input = { ...req.body, ...req.query, reason: req.query.reason ?? req.body?.reason };
        return rollbackRedemption(ctx, requestCaller(req), req.params.parentRedemptionId, input, 'stack');
      },
    );
  };
}

/** `/client/v1/redemptions` and the legacy `/client/v1/redeem?code=…`. Auth (client keys) is set by the caller. */
export function clientRedemptionRoutes(ctx: AppContext) {
  return async (app: App) => {
    app.post('/redemptions', clientRoute(stackable), async (req) => {
      return (await redeem(ctx, requestCaller(req), req.body)).answer;
    });

    app.post(
      '/redeem',
      clientRoute({
        description: 'Redeems one voucher (legacy)',
        querystring: ClientRedeemQuery,
        body: VoucherRedemptionIn,
        response: redeemed,
      }),
      async (req) => redeemOne(ctx, req, req.query.code, req.body),
    );
  };
}

const loyaltyRoute = routeGroup('Loyalties', 'app');

/** Buying a reward with a loyalty card's points: `/v1/loyalties/[{campaignId}/]members/{memberId}/redemption`. */
function rewardRedemptionRoutes(ctx: AppContext, app: App): void {
  const response = { 200: RedemptionOut, ...errorResponses(404) };
  app.post(
    '/loyalties/members/:memberId/redemption',
    loyaltyRoute({ params: MemberParams, body: RewardRedemptionIn, response }),
    async (req) => redeemReward(ctx, requestCaller(req), req.params.memberId, undefined, req.body),
  );
  app.post(
    '/loyalties/:campaignId/members/:memberId/redemption',
    loyaltyRoute({ params: CampaignMemberParams, body: RewardRedemptionIn, response }),
    async (req) =>
      redeemReward(ctx, requestCaller(req), req.params.memberId, req.params.campaignId, req.body),
  );
}
