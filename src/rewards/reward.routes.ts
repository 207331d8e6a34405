import type { AppContext } from '../platform/context.js';
import { errorResponses } from '../platform/http/openapi.js';
import { NO_CONTENT, presentList, replyNoContent, routeGroup } from '../platform/http/route.js';
import type { App } from '../platform/http/server.js';
import { requestCaller } from '../projects/index.js';
import { loyaltyRewardListRoutes } from './loyalty-reward-lists.routes.js';
import * as assignments from './reward-assignment.service.js';
import { presentAssignment, presentReward } from './reward.presenter.js';
import {
  AssignmentArrayOut,
  AssignmentCreateIn,
  AssignmentListOut,
  AssignmentListQuery,
  AssignmentOut,
  AssignmentUpdateIn,
  CampaignAssignmentParams,
  CampaignParams,
  LoyaltyAssignmentsCreateIn,
  RewardAssignmentParams,
  RewardCreateIn,
  RewardListOut,
  RewardListQuery,
  RewardOut,
  RewardParams,
  RewardUpdateIn,
} from './reward.schemas.js';
import * as svc from './reward.service.js';

const route = routeGroup('Rewards', 'app');

/** `/v1/rewards`, their assignments, and the loyalty campaign forms of the assignments. */
export function rewardRoutes(ctx: AppContext) {
  return async (app: App) => {
    app.post(
      '/rewards',
      route({ body: RewardCreateIn, response: { 200: RewardOut, ...errorResponses(404) } }),
      async (req) => presentReward(await svc.createReward(ctx, requestCaller(req).projectId, req.body)),
    );

    app.get(
      '/rewards',
      route({ querystring: RewardListQuery, response: { 200: RewardListOut } }),
      async (req) => {
        const { rows, total } = await svc.listRewards(ctx, requestCaller(req).projectId, req.query);
        return presentList('data', rows.map(presentReward), total);
      },
    );

    app.get(
      '/rewards/:rewardId',
      route({ params: RewardParams, response: { 200: RewardOut } }),
      async (req) =>
        presentReward(await svc.getReward(ctx, requestCaller(req).projectId, req.params.rewardId)),
    );

    app.put(
      '/rewards/:rewardId',
      route({ params: RewardParams, body: RewardUpdateIn, response: { 200: RewardOut } }),
      async (req) =>
        presentReward(
          await svc.updateReward(ctx, requestCaller(req).projectId, req.params.rewardId, req.body),
        ),
    );

    app.delete(
      '/rewards/:rewardId',
      route({ params: RewardParams, response: NO_CONTENT }),
      async (req, reply) =>
        replyNoContent(reply, svc.deleteReward(ctx, requestCaller(req).projectId, req.params.rewardId)),
    );

    rewardAssignmentRoutes(ctx, app);
    campaignAssignmentRoutes(ctx, app);
    loyaltyRewardListRoutes(ctx, app);
  };
}

/** `/v1/rewards/{rewardId}/assignments…`. */
function rewardAssignmentRoutes(ctx: AppContext, app: App): void {
  app.get(
    '/rewards/:rewardId/assignments',
    route({ params: RewardParams, querystring: AssignmentListQuery, response: { 200: AssignmentListOut } }),
    async (req) => {
      const scope = { rewardId: req.params.rewardId };
      const { rows, total } = await assignments.listAssignments(
        ctx,
        requestCaller(req).projectId,
        scope,
        req.query,
      );
      return presentList('data', rows.map(presentAssignment), total);
    },
  );

  app.post(
    '/rewards/:rewardId/assignments',
    route({
      params: RewardParams,
      body: AssignmentCreateIn,
      response: { 200: AssignmentOut, ...errorResponses(404, 409) },
    }),
    async (req) =>
      presentAssignment(
        await assignments.createAssignment(ctx, requestCaller(req), req.params.rewardId, req.body),
      ),
  );

  app.get(
    '/rewards/:rewardId/assignments/:assignmentId',
    route({ params: RewardAssignmentParams, response: { 200: AssignmentOut } }),
    async (req) => {
      const { rewardId, assignmentId } = req.params;
      return presentAssignment(
        await assignments.getAssignment(ctx, requestCaller(req).projectId, { rewardId }, assignmentId),
      );
    },
  );

  app.put(
    '/rewards/:rewardId/assignments/:assignmentId',
    route({ params: RewardAssignmentParams, body: AssignmentUpdateIn, response: { 200: AssignmentOut } }),
    async (req) => {
      const { rewardId, assignmentId } = req.params;
      return presentAssignment(
        await assignments.updateAssignment(ctx, requestCaller(req), { rewardId }, assignmentId, req.body),
      );
    },
  );

  app.delete(
    '/rewards/:rewardId/assignments/:assignmentId',
    route({ params: RewardAssignmentParams, response: NO_CONTENT }),
    async (req, reply) => {
      const { rewardId, assignmentId } = req.params;
      return replyNoContent(
        reply,
        assignments.deleteAssignment(ctx, requestCaller(req), { rewardId }, assignmentId),
      );
    },
  );
}

/**
 * `/v1/loyalties/{campaignId}/rewards…` (the SDK's loyalties.*RewardAssignment* methods) and the spec's
 * alternative read paths `/v1/loyalties/{campaignId}/reward-assignments…`.
 */
function campaignAssignmentRoutes(ctx: AppContext, app: App): void {
  const list = async (
    req: { params: { campaignId: string }; query: AssignmentListQuery },
    projectId: string,
  ) => {
    const scope = { campaignRef: req.params.campaignId };
    const { rows, total } = await assignments.listAssignments(ctx, projectId, scope, req.query);
    return presentList('data', rows.map(presentAssignment), total);
  };
  for (const path of ['/loyalties/:campaignId/rewards', '/loyalties/:campaignId/reward-assignments'])
    app.get(
      path,
      route({
        params: CampaignParams,
        querystring: AssignmentListQuery,
        response: { 200: AssignmentListOut },
      }),
      async (req) => list(req, requestCaller(req).projectId),
    );

  app.post(
    '/loyalties/:campaignId/rewards',
    route({
      params: CampaignParams,
      body: LoyaltyAssignmentsCreateIn,
      response: { 200: AssignmentArrayOut, ...errorResponses(404, 409) },
    }),
    async (req) =>
      (
        await assignments.createCampaignAssignments(ctx, requestCaller(req), req.params.campaignId, req.body)
      ).map(presentAssignment),
  );

  for (const path of [
    '/loyalties/:campaignId/rewards/:assignmentId',
    '/loyalties/:campaignId/reward-assignments/:assignmentId',
  ])
    app.get(
      path,
      route({ params: CampaignAssignmentParams, response: { 200: AssignmentOut } }),
      async (req) => {
        const { campaignId, assignmentId } = req.params;
        return presentAssignment(
          await assignments.getAssignment(
            ctx,
            requestCaller(req).projectId,
            { campaignRef: campaignId },
            assignmentId,
          ),
        );
      },
    );

  app.get(
    '/loyalties/:campaignId/reward-assignments/:assignmentId/reward',
    route({ params: CampaignAssignmentParams, response: { 200: RewardOut } }),
    async (req) => {
      const { projectId } = requestCaller(req);
      const { campaignId, assignmentId } = req.params;
      const a = await assignments.getAssignment(ctx, projectId, { campaignRef: campaignId }, assignmentId);
      return presentReward(await svc.getReward(ctx, projectId, a.reward_id));
    },
  );

  app.put(
    '/loyalties/:campaignId/rewards/:assignmentId',
    route({ params: CampaignAssignmentParams, body: AssignmentUpdateIn, response: { 200: AssignmentOut } }),
    async (req) => {
      const { campaignId, assignmentId } = req.params;
      return presentAssignment(
        await assignments.updateAssignment(
          ctx,
          requestCaller(req),
          { campaignRef: campaignId },
          assignmentId,
          req.body,
        ),
      );
    },
  );

  app.delete(
    '/loyalties/:campaignId/rewards/:assignmentId',
    route({ params: CampaignAssignmentParams, response: NO_CONTENT }),
    async (req, reply) => {
      const { campaignId, assignmentId } = req.params;
      return replyNoContent(
        reply,
        assignments.deleteAssignment(ctx, requestCaller(req), { campaignRef: campaignId }, assignmentId),
      );
    },
  );
}
