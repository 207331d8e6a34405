import { Type } from '@sinclair/typebox';
import type { AppContext } from '../platform/context.js';
import type { App } from '../platform/http/server.js';
import { requireManagement } from '../projects/index.js';
import { dashboardSessionAuthenticator } from './session.routes.js';
import { StatsOut, StatsQuery } from './stats.schemas.js';
import { sendoutStats } from './stats.service.js';

/** Delivery outcomes per interval, for the dashboard's chart. Same auth as the rest of the Management API. */
export function statsRoutes(ctx: AppContext) {
  return async (app: App) => {
    app.addHook('preHandler', requireManagement(ctx, [dashboardSessionAuthenticator(ctx)]));
    app.get(
      '/management/v1/projects/:projectId/webhook-sendouts-stats',
      {
        schema: {
          tags: ['Webhook send-outs'],
          summary: 'Send-outs per interval by status (succeeded, retrying, failed, pending)',
          security: [{ 'X-Management-Id': [], 'X-Management-Token': [] }],
          params: Type.Object({ projectId: Type.String() }),
          querystring: StatsQuery,
          response: { 200: StatsOut },
        },
      },
      async (req) => sendoutStats(ctx, req.params.projectId, req.query),
    );
  };
}
