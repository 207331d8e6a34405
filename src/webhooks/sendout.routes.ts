import type { AppContext } from '../platform/context.js';
import { routeGroup } from '../platform/http/route.js';
import type { App } from '../platform/http/server.js';
import { errorResponses } from '../platform/http/openapi.js';
import type { WebhookHttpClient } from './engine/http-client.js';
import type { FiredEvents } from './event-schemas.js';
import {
  RecoverIn,
  RecoverOut,
  SendoutDetailOut,
  SendoutListOut,
  SendoutListQuery,
  SendoutParams,
  TestSendIn,
  TestSendOut,
} from './sendout.schemas.js';
import * as svc from './sendout.service.js';
import { ProjectParams, WebhookParams } from './webhook.schemas.js';

const route = routeGroup('Webhook send-outs', 'management');

/** Audit log of send-outs, manual retry, recover, and the test send. Auth is set by the caller. */
export function sendoutRoutes(ctx: AppContext, http: WebhookHttpClient, fired: FiredEvents) {
  return async (app: App) => {
    app.get(
      '/projects/:projectId/webhook-sendouts',
      route({ params: ProjectParams, querystring: SendoutListQuery, response: { 200: SendoutListOut } }),
      async (req) => svc.listSendouts(ctx, req.params.projectId, req.query),
    );

    app.get(
      '/projects/:projectId/webhook-sendouts/:sendoutId',
      route({ params: SendoutParams, response: { 200: SendoutDetailOut } }),
      async (req) => svc.getSendout(ctx, req.params.projectId, req.params.sendoutId),
    );

    app.post(
      '/projects/:projectId/webhook-sendouts/:sendoutId/retry',
      route({ params: SendoutParams, response: { 200: SendoutDetailOut, ...errorResponses(409) } }),
      async (req) => svc.retrySendout(ctx, req.params.projectId, req.params.sendoutId),
    );

    app.post(
      '/projects/:projectId/webhooks/:webhookId/recover',
      route({ params: WebhookParams, body: RecoverIn, response: { 200: RecoverOut } }),
      async (req) => svc.recoverWebhook(ctx, req.params.projectId, req.params.webhookId, req.body.since),
    );

    app.post(
      '/projects/:projectId/webhooks/test',
      route({ params: ProjectParams, body: TestSendIn, response: { 200: TestSendOut } }),
      async (req) => svc.testSend(ctx, http, req.params.projectId, req.body, req.id, fired),
    );
  };
}
