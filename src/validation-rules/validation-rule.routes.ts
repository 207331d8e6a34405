import type { AppContext } from '../platform/context.js';
import { errorResponses } from '../platform/http/openapi.js';
import { NO_CONTENT, presentList, replyNoContent, routeGroup } from '../platform/http/route.js';
import type { App } from '../platform/http/server.js';
import { requestCaller } from '../projects/index.js';
import * as assignments from './assignment.service.js';
import { presentAssignment, presentRule } from './validation-rule.presenter.js';
import {
  AllAssignmentsQuery,
  AssignmentCreateIn,
  AssignmentCreateQuery,
  AssignmentListOut,
  AssignmentOut,
  AssignmentParams,
  RuleAssignmentsQuery,
  RuleCreateIn,
  RuleListOut,
  RuleListQuery,
  RuleOut,
  RuleParams,
  RuleUpdateIn,
} from './validation-rule.schemas.js';
import * as svc from './validation-rule.service.js';

const route = routeGroup('Validation Rules', 'app');

/** `/v1/validation-rules` and `/v1/validation-rules-assignments`. Auth (application keys) is set by the caller. */
export function validationRuleRoutes(ctx: AppContext) {
  return async (app: App) => {
    app.post(
      '/validation-rules',
      route({ body: RuleCreateIn, response: { 200: RuleOut, ...errorResponses(409) } }),
      async (req) => presentRule(await svc.createRule(ctx, requestCaller(req), req.body)),
    );

    app.get(
      '/validation-rules',
      route({ querystring: RuleListQuery, response: { 200: RuleListOut } }),
      async (req) => {
        const { rows, total } = await svc.listRules(ctx, requestCaller(req).projectId, req.query);
        return presentList('data', rows.map(presentRule), total);
      },
    );

    app.get(
      '/validation-rules/:validationRuleId',
      route({ params: RuleParams, response: { 200: RuleOut } }),
      async (req) =>
        presentRule(await svc.getRule(ctx, requestCaller(req).projectId, req.params.validationRuleId)),
    );

    app.put(
      '/validation-rules/:validationRuleId',
      route({ params: RuleParams, body: RuleUpdateIn, response: { 200: RuleOut, ...errorResponses(409) } }),
      async (req) =>
        presentRule(await svc.updateRule(ctx, requestCaller(req), req.params.validationRuleId, req.body)),
    );

    app.delete(
      '/validation-rules/:validationRuleId',
      route({ params: RuleParams, response: NO_CONTENT }),
      async (req, reply) =>
        replyNoContent(reply, svc.deleteRule(ctx, requestCaller(req), req.params.validationRuleId)),
    );

    assignmentRoutes(ctx, app);
  };
}

/** `/v1/validation-rules/{id}/assignments` and `/v1/validation-rules-assignments`. */
function assignmentRoutes(ctx: AppContext, app: App): void {
  app.get(
    '/validation-rules/:validationRuleId/assignments',
    route({ params: RuleParams, querystring: RuleAssignmentsQuery, response: { 200: AssignmentListOut } }),
    async (req) => {
      const { projectId } = requestCaller(req);
      const { rows, total } = await assignments.listAssignmentsOfRule(
        ctx,
        projectId,
        req.params.validationRuleId,
        req.query,
      );
      return presentList('data', rows.map(presentAssignment), total);
    },
  );

  app.post(
    '/validation-rules/:validationRuleId/assignments',
    route({
      params: RuleParams,
      querystring: AssignmentCreateQuery,
      body: AssignmentCreateIn,
      response: { 200: AssignmentOut },
    }),
    async (req) =>
      presentAssignment(
        await assignments.createAssignment(
          ctx,
          requestCaller(req),
          req.params.validationRuleId,
          req.body,
          req.query.force === true,
        ),
      ),
  );

  app.delete(
    '/validation-rules/:validationRuleId/assignments/:assignmentId',
    route({ params: AssignmentParams, response: NO_CONTENT }),
    async (req, reply) => {
      const { validationRuleId, assignmentId } = req.params;
      return replyNoContent(
        reply,
        assignments.deleteAssignment(ctx, requestCaller(req), validationRuleId, assignmentId),
      );
    },
  );

  app.get(
    '/validation-rules-assignments',
    route({ querystring: AllAssignmentsQuery, response: { 200: AssignmentListOut } }),
    async (req) => {
      const { rows, total } = await assignments.listAssignments(ctx, requestCaller(req).projectId, req.query);
      return presentList('data', rows.map(presentAssignment), total);
    },
  );
}
