import type { AppContext } from '../platform/context.js';
import type { App } from '../platform/http/server.js';
import { sessionRoutes } from './session.routes.js';
import { staticRoutes } from './static.routes.js';

export { dashboardSessionAuthenticator } from './session.routes.js';

/**
 * The dashboard: its session routes (sign-in, current session, sign-out) and the built single-page app at
 * /dashboard. `/` redirects there.
 */
export function dashboardPlugin(ctx: AppContext) {
  return async (app: App) => {
    app.get('/', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/dashboard/'));
    await app.register(sessionRoutes(ctx));
    await app.register(staticRoutes(), { prefix: '/dashboard' });
  };
}
