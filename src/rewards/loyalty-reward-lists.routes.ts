import { Type } from '@sinclair/typebox';
import type { AppContext } from '../platform/context.js';
import { presentList, routeGroup } from '../platform/http/route.js';
import type { App } from '../platform/http/server.js';
import { ListOut } from '../platform/schemas.js';
import { requestCaller } from '../projects/index.js';
import { listMemberRewards, listTierRewards } from './loyalty-reward-lists.service.js';
import { MemberParams, MemberRewardListQuery, TierParams } from './reward.schemas.js';

const route = routeGroup('Loyalties', 'app');
const Item = (description: string) => Type.Object({}, { additionalProperties: true, description });

/** `GET /v1/loyalties/members/{memberId}/rewards` and `GET /v1/loyalties/{campaignId}/tiers/{tierId}/rewards`. */
export function loyaltyRewardListRoutes(ctx: AppContext, app: App): void {
  app.get(
    '/loyalties/members/:memberId/rewards',
    route({
      description: "The rewards of the member's program, with their price in points",
      params: MemberParams,
      querystring: MemberRewardListQuery,
      response: { 200: ListOut('data', Item('Loyalty reward: reward, assignment')) },
    }),
    async (req) => {
      const r = await listMemberRewards(ctx, requestCaller(req).projectId, req.params.memberId, req.query);
      return presentList('data', r.data, r.total);
    },
  );

  app.get(
    '/loyalties/:campaignId/tiers/:tierId/rewards',
    route({
      description: 'The rewards a member of the tier can buy, with their price in points',
      params: TierParams,
      response: { 200: ListOut('data', Item('Loyalty tier reward: reward, assignment')) },
    }),
    async (req) => {
      const { campaignId, tierId } = req.params;
      const r = await listTierRewards(ctx, requestCaller(req).projectId, campaignId, tierId);
      return presentList('data', r.data, r.total);
    },
  );
}
