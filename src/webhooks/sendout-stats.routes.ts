import { Type } from '@sinclair/typebox';
import type { AppContext } from '../platform/context.js';
import type { App } from '../platform/http/server.js';
import { StatsOut, StatsQuery } from './sendout-stats.schemas.js';
import { sendoutStats } from './sendout-stats.service.js';

/** Delivery outcomes per interval, for the dashboard's chart. Auth is set by the caller. */
export function sendoutStatsRoutes(ctx: AppContext) {
  return async (app: App) => {
    app.get(
      '/projects/:projectId/webhook-sendouts-stats',
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
