import { iso } from '../platform/clock.js';
import type { AppContext } from '../platform/context.js';
import { NO_CONTENT, presentList, replyNoContent, routeGroup } from '../platform/http/route.js';
import type { App } from '../platform/http/server.js';
import { presentClientKey } from './client-key.presenter.js';
import {
  ClientKeyCreatedOut,
  ClientKeyCreateIn,
  ClientKeyListOut,
  ClientKeyParams,
} from './client-key.schemas.js';
import * as svc from './client-key.service.js';
import { ProjectParams } from './project.schemas.js';

const route = routeGroup('Projects', 'management');

/** Management routes for a project's client keys (`/client/v1`). Auth is set by the caller. */
export function clientKeyRoutes(ctx: AppContext) {
  return async (app: App) => {
    app.post(
      '/projects/:projectId/client-keys',
      route({ params: ProjectParams, body: ClientKeyCreateIn, response: { 200: ClientKeyCreatedOut } }),
      async (req) => {
        const k = await svc.createClientKey(ctx, req.params.projectId, req.body);
        return {
          client_app_id: k.app_id,
          client_token: k.app_token,
          name: k.name,
          allowed_origins: k.allowed_origins,
          created_at: iso(k.created_at),
        };
      },
    );

    app.get(
      '/projects/:projectId/client-keys',
      route({ params: ProjectParams, response: { 200: ClientKeyListOut } }),
      async (req) => {
        const rows = await svc.listClientKeys(ctx, req.params.projectId);
        return presentList('data', rows.map(presentClientKey));
      },
    );

    app.delete(
      '/projects/:projectId/client-keys/:clientAppId',
      route({ params: ClientKeyParams, response: NO_CONTENT }),
      async (req, reply) =>
        replyNoContent(reply, svc.deleteClientKey(ctx, req.params.projectId, req.params.clientAppId)),
    );
  };
}
