import type { AppContext } from '../platform/context.js';
import type { App } from '../platform/http/server.js';

/** `/v1`: the Voucherify-compatible API, authenticated by application keys. Registered with prefix /v1. */
export function v1Plugin(_ctx: AppContext) {
  return async (_app: App) => {};
}

/** `/client/v1`: the client-side API, authenticated by client keys and allowed origins. */
export function clientV1Plugin(_ctx: AppContext) {
  return async (_app: App) => {};
}

/** Management routes for client keys (`/management/v1/projects/{projectId}/client-keys`). */
export function clientKeyRoutes(_ctx: AppContext) {
  return async (_app: App) => {};
}
