import type { AppContext } from '../platform/context.js';
import { NO_CONTENT, presentList, replyNoContent, routeGroup } from '../platform/http/route.js';
import type { App } from '../platform/http/server.js';
import { documentedBody } from '../platform/http/openapi.js';
import { canonicalEventType, EVENT_CATALOG, groupOf } from './event-catalog.js';
import { deliveredSchema, type FiredEvents } from './event-schemas.js';
import { sampleEvent } from './samples.js';
import { eventTypeNotFound } from './webhook.errors.js';
import { presentWebhook } from './webhook.presenter.js';
import {
  EventCatalogOut,
  EventTypeOut,
  EventTypeParams,
  ProjectParams,
  WebhookCreateDoc,
  WebhookCreateIn,
  WebhookListOut,
  WebhookOut,
  WebhookParams,
  WebhookUpdateDoc,
  WebhookUpdateIn,
} from './webhook.schemas.js';
import * as svc from './webhook.service.js';

const route = routeGroup('Webhooks', 'management');

/** The Webhooks Management API, as Voucherify defines it, plus our extensions. Auth is set by the caller. */
export function webhookRoutes(ctx: AppContext, fired: FiredEvents) {
  return async (app: App) => {
    const firedTypes = new Set<string>(fired.types());
    app.get('/webhook-events', route({ response: { 200: EventCatalogOut } }), async () =>
      presentList(
        'data',
        EVENT_CATALOG.map((e) => ({ ...e, fired: firedTypes.has(e.type) })),
      ),
    );

    app.get(
      '/webhook-events/:type',
      route({ params: EventTypeParams, response: { 200: EventTypeOut } }),
      async (req) => {
        const type = canonicalEventType(req.params.type);
        if (!type) throw eventTypeNotFound(req.params.type);
        const info = EVENT_CATALOG.find((e) => e.type === type)!;
        const declaration = fired.get(type);
        return {
          object: 'webhook_event_type' as const,
          type,
          group: groupOf(type),
          label: info.label,
          fired: declaration !== undefined,
          schema: declaration ? deliveredSchema(declaration.data) : null,
          sample: (fired.sample(type) ?? sampleEvent(type)).data,
        };
      },
    );

    app.post(
      '/projects/:projectId/webhooks',
      {
        ...route({ params: ProjectParams, body: WebhookCreateIn, response: { 200: WebhookOut } }),
        config: documentedBody(WebhookCreateDoc),
      },
      async (req) => presentWebhook(await svc.createWebhook(ctx, req.params.projectId, req.body)),
    );

    app.get(
      '/projects/:projectId/webhooks',
      route({ params: ProjectParams, response: { 200: WebhookListOut } }),
      async (req) => {
        const rows = await svc.listWebhooks(ctx, req.params.projectId);
        return presentList('data', rows.map(presentWebhook));
      },
    );

    app.get(
      '/projects/:projectId/webhooks/:webhookId',
      route({ params: WebhookParams, response: { 200: WebhookOut } }),
      async (req) => presentWebhook(await svc.getWebhook(ctx, req.params.projectId, req.params.webhookId)),
    );

    app.put(
      '/projects/:projectId/webhooks/:webhookId',
      {
        ...route({ params: WebhookParams, body: WebhookUpdateIn, response: { 200: WebhookOut } }),
        config: documentedBody(WebhookUpdateDoc),
      },
      async (req) =>
        presentWebhook(await svc.updateWebhook(ctx, req.params.projectId, req.params.webhookId, req.body)),
    );

    app.delete(
      '/projects/:projectId/webhooks/:webhookId',
      route({ params: WebhookParams, response: NO_CONTENT }),
      async (req, reply) =>
        replyNoContent(reply, svc.deleteWebhook(ctx, req.params.projectId, req.params.webhookId)),
    );
  };
}
