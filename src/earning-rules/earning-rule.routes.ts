import type { AppContext } from '../platform/context.js';
import { NO_CONTENT, presentList, replyNoContent, routeGroup } from '../platform/http/route.js';
import type { App } from '../platform/http/server.js';
import { requestCaller } from '../projects/index.js';
import { presentEarningRule } from './earning-rule.presenter.js';
import {
  CampaignParams,
  EarningRuleArrayOut,
  EarningRuleCreateIn,
  EarningRuleListOut,
  EarningRuleListQuery,
  EarningRuleOut,
  EarningRuleParams,
  EarningRuleUpdateIn,
  TierEarningRuleListQuery,
  TierParams,
} from './earning-rule.schemas.js';
import * as svc from './earning-rule.service.js';
import { listTierEarningRules } from './tier-earning-rules.service.js';

const route = routeGroup('Loyalties', 'app');

/** `/v1/loyalties/{campaignId}/earning-rules…`. Auth (application keys) is set by the caller. */
export function earningRuleRoutes(ctx: AppContext) {
  return async (app: App) => {
    app.post(
      '/loyalties/:campaignId/earning-rules',
      route({ params: CampaignParams, body: EarningRuleCreateIn, response: { 200: EarningRuleArrayOut } }),
      async (req) => {
        const rows = await svc.createEarningRules(ctx, requestCaller(req), req.params.campaignId, req.body);
        return rows.map(presentEarningRule);
      },
    );

    app.get(
      '/loyalties/:campaignId/earning-rules',
      route({
        params: CampaignParams,
        querystring: EarningRuleListQuery,
        response: { 200: EarningRuleListOut },
      }),
      async (req) => {
        const { projectId } = requestCaller(req);
        const { rows, total } = await svc.listEarningRules(ctx, projectId, req.params.campaignId, req.query);
        return presentList('data', rows.map(presentEarningRule), total);
      },
    );

    app.get(
      '/loyalties/:campaignId/tiers/:tierId/earning-rules',
      route({
        description:
          "The program's earning rules as a member of the tier earns them (the tier's mappings applied)",
        params: TierParams,
        querystring: TierEarningRuleListQuery,
        response: { 200: EarningRuleListOut },
      }),
      async (req) => {
        const { campaignId, tierId } = req.params;
        const r = await listTierEarningRules(
          ctx,
          requestCaller(req).projectId,
          campaignId,
          tierId,
          req.query,
        );
        return presentList('data', r.data, r.total);
      },
    );

    app.get(
      '/loyalties/:campaignId/earning-rules/:earningRuleId',
      route({ params: EarningRuleParams, response: { 200: EarningRuleOut } }),
      async (req) => {
        const { campaignId, earningRuleId } = req.params;
        return presentEarningRule(
          await svc.getEarningRule(ctx, requestCaller(req).projectId, campaignId, earningRuleId),
        );
      },
    );

    app.put(
      '/loyalties/:campaignId/earning-rules/:earningRuleId',
      route({ params: EarningRuleParams, body: EarningRuleUpdateIn, response: { 200: EarningRuleOut } }),
      async (req) => {
        const { campaignId, earningRuleId } = req.params;
        return presentEarningRule(
          await svc.updateEarningRule(ctx, requestCaller(req), campaignId, earningRuleId, req.body),
        );
      },
    );

    app.delete(
      '/loyalties/:campaignId/earning-rules/:earningRuleId',
      route({ params: EarningRuleParams, response: NO_CONTENT }),
      async (req, reply) => {
        const { campaignId, earningRuleId } = req.params;
        return replyNoContent(
          reply,
          svc.deleteEarningRule(ctx, requestCaller(req), campaignId, earningRuleId),
        );
      },
    );

    for (const [verb, active] of [
      ['enable', true],
      ['disable', false],
    ] as const) {
      app.post(
        `/loyalties/:campaignId/earning-rules/:earningRuleId/${verb}`,
        route({ params: EarningRuleParams, response: { 200: EarningRuleOut } }),
        async (req) => {
          const { campaignId, earningRuleId } = req.params;
          return presentEarningRule(
            await svc.setEarningRuleActive(ctx, requestCaller(req), campaignId, earningRuleId, active),
          );
        },
      );
    }
  };
}
