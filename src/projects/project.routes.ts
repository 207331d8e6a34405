import { NO_CONTENT, presentList, replyNoContent, routeGroup } from '../platform/http/route.js';
import type { App } from '../platform/http/server.js';
import type { AppContext } from '../platform/context.js';
import { iso } from '../platform/clock.js';
import { presentApiKey, presentProject, presentWebhookSecret } from './project.presenter.js';
import {
  ApiKeyCreatedOut,
  ApiKeyCreateIn,
  ApiKeyOut,
  ApiKeyParams,
  ProjectCreateIn,
  ProjectCreateOut,
  ProjectOut,
  ProjectParams,
  ProjectUpdateIn,
  WebhookSecretOut,
  listOf,
} from './project.schemas.js';
import * as svc from './project.service.js';

const route = routeGroup('Projects', 'management');

/** Management routes for projects, their application keys and their webhook secret. Auth is set by the caller. */
export function projectRoutes(ctx: AppContext) {
  return async (app: App) => {
    app.get('/projects', route({ response: { 200: listOf(ProjectOut) } }), async () => {
      const rows = await svc.listProjects(ctx);
      return presentList('data', rows.map(presentProject));
    });

    app.post(
      '/projects',
      route({ body: ProjectCreateIn, response: { 200: ProjectCreateOut } }),
      async (req) => {
        const { project, key } = await svc.createProject(ctx, req.body);
        return {
          ...presentProject(project),
          server_side_key: { app_id: key.app_id, app_token: key.app_token },
        };
      },
    );

    app.get(
      '/projects/:projectId',
      route({ params: ProjectParams, response: { 200: ProjectOut } }),
      async (req) => presentProject(await svc.getProject(ctx, req.params.projectId)),
    );

    app.put(
      '/projects/:projectId',
      route({ params: ProjectParams, body: ProjectUpdateIn, response: { 200: ProjectOut } }),
      async (req) => presentProject(await svc.updateProject(ctx, req.params.projectId, req.body)),
    );

    app.get(
      '/projects/:projectId/webhook-secret',
      route({ params: ProjectParams, response: { 200: WebhookSecretOut } }),
      async (req) => presentWebhookSecret(await svc.getProject(ctx, req.params.projectId), ctx.clock.now()),
    );

    app.post(
      '/projects/:projectId/webhook-secret/regenerate',
      route({ params: ProjectParams, response: { 200: WebhookSecretOut } }),
      async (req) =>
        presentWebhookSecret(await svc.regenerateWebhookSecret(ctx, req.params.projectId), ctx.clock.now()),
    );

    app.post(
      '/projects/:projectId/api-keys',
      route({ params: ProjectParams, body: ApiKeyCreateIn, response: { 200: ApiKeyCreatedOut } }),
      async (req) => {
        const k = await svc.createApiKey(ctx, req.params.projectId, req.body.name);
        return { app_id: k.app_id, app_token: k.app_token, name: k.name, created_at: iso(k.created_at) };
      },
    );

    app.get(
      '/projects/:projectId/api-keys',
      route({ params: ProjectParams, response: { 200: listOf(ApiKeyOut) } }),
      async (req) => {
        const rows = await svc.listApiKeys(ctx, req.params.projectId);
        return presentList('data', rows.map(presentApiKey));
      },
    );

    app.delete(
      '/projects/:projectId/api-keys/:appId',
      route({ params: ApiKeyParams, response: NO_CONTENT }),
      async (req, reply) =>
        replyNoContent(reply, svc.deleteApiKey(ctx, req.params.projectId, req.params.appId)),
    );
  };
}
