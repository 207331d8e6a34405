import type { AppContext } from '../platform/context.js';
import type { App } from '../platform/http/server.js';
import type { ManagementAuthenticator } from '../projects/index.js';

/** Serves the dashboard at /dashboard and its session routes. */
export function dashboardPlugin(_ctx: AppContext) {
  return async (_app: App) => {};
}

/** Lets a dashboard session cookie authenticate Management API requests. */
export function dashboardSessionAuthenticator(_ctx: AppContext): ManagementAuthenticator {
  return async () => null;
}
