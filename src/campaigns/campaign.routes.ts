import type { AppContext } from '../platform/context.js';
import { presentList, replyAccepted, routeGroup } from '../platform/http/route.js';
import type { App } from '../platform/http/server.js';
import { AsyncActionIdOut } from '../platform/schemas.js';
import { documentedBody, errorResponses } from '../platform/http/openapi.js';
import { requestCaller } from '../projects/index.js';
import { fillAssignments } from '../validation-rules/index.js';
import { presentCampaign } from './campaign.presenter.js';
import {
  CampaignCreateDoc,
  CampaignCreateIn,
  CampaignListOut,
  CampaignListQuery,
  CampaignOut,
  CampaignParams,
  CampaignUpdateDoc,
  CampaignUpdateIn,
  DeleteQuery,
} from './campaign.schemas.js';
import * as svc from './campaign.service.js';

const route = routeGroup('Campaigns', 'app');

/** `/v1/campaigns`. Campaigns are addressed by id or by name, as the SDK does. */
export function campaignRoutes(ctx: AppContext) {
  return async (app: App) => {
    app.post(
      '/campaigns',
      {
        ...route({ body: CampaignCreateIn, response: { 200: CampaignOut, ...errorResponses(404, 409) } }),
        config: documentedBody(CampaignCreateDoc),
      },
      async (req) =>
        svc.campaignJson(ctx.db.kysely, await svc.createCampaign(ctx, requestCaller(req), req.body)),
    );

    app.get(
      '/campaigns',
      route({ querystring: CampaignListQuery, response: { 200: CampaignListOut } }),
      async (req) => {
        const { projectId } = requestCaller(req);
        const { rows, total } = await svc.listCampaigns(ctx, projectId, req.query);
        const campaigns = await fillAssignments(ctx.db.kysely, projectId, rows.map(presentCampaign));
        await svc.fillPromotions(ctx.db.kysely, rows, campaigns);
        return presentList('campaigns', campaigns, total);
      },
    );

    app.get(
      '/campaigns/:campaignId',
      route({ params: CampaignParams, response: { 200: CampaignOut } }),
      async (req) =>
        svc.campaignJson(
          ctx.db.kysely,
          await svc.getCampaign(ctx, requestCaller(req).projectId, req.params.campaignId),
        ),
    );

    app.put(
      '/campaigns/:campaignId',
      {
        ...route({ params: CampaignParams, body: CampaignUpdateIn, response: { 200: CampaignOut } }),
        config: documentedBody(CampaignUpdateDoc),
      },
      async (req) =>
        svc.campaignJson(
          ctx.db.kysely,
          await svc.updateCampaign(ctx, requestCaller(req), req.params.campaignId, req.body),
        ),
    );

    app.delete(
      '/campaigns/:campaignId',
      route({
        description:
          'Moves the campaign and its vouchers to the bin, or with force=true deletes them for good',
        params: CampaignParams,
        querystring: DeleteQuery,
        response: { 202: AsyncActionIdOut },
      }),
      async (req, reply) => {
        const action = await svc.deleteCampaign(
          ctx,
          requestCaller(req),
          req.params.campaignId,
          req.query.force === true,
        );
        return replyAccepted(reply, action);
      },
    );

    for (const [verb, active] of [
      ['enable', true],
      ['disable', false],
    ] as const) {
      app.post(
        `/campaigns/:campaignId/${verb}`,
        route({ params: CampaignParams, response: { 200: CampaignOut } }),
        async (req) =>
          svc.campaignJson(
            ctx.db.kysely,
            await svc.setCampaignActive(ctx, requestCaller(req), req.params.campaignId, active),
          ),
      );
    }

    app.post(
      '/campaigns/:campaignId/restore',
      route({
        description: 'Restores a campaign from the bin with its vouchers (our extension)',
        params: CampaignParams,
        response: { 200: CampaignOut },
      }),
      async (req) =>
        svc.campaignJson(
          ctx.db.kysely,
          await svc.restoreCampaign(ctx, requestCaller(req), req.params.campaignId),
        ),
    );
  };
}
