import type { AppContext } from '../platform/context.js';
import { routeGroup } from '../platform/http/route.js';
import type { App } from '../platform/http/server.js';
import { requestCaller } from '../projects/index.js';
import { CustomEventIn, CustomEventOut } from './custom-event.schemas.js';
import { trackCustomEvent } from './custom-event.service.js';

const schema = { body: CustomEventIn, response: { 200: CustomEventOut } };

/** `POST /v1/events`: a custom event, which earning rules may reward. */
export function customEventRoutes(ctx: AppContext) {
  const route = routeGroup('Events', 'app');
  return async (app: App) => {
    app.post('/events', route(schema), async (req) => trackCustomEvent(ctx, requestCaller(req), req.body));
  };
}

/** `POST /client/v1/events`: the same from a storefront (the client SDK's `track`). */
export function clientCustomEventRoutes(ctx: AppContext) {
  const route = routeGroup('Events', 'client');
  return async (app: App) => {
    app.post('/events', route(schema), async (req) => trackCustomEvent(ctx, requestCaller(req), req.body));
  };
}
