export {
  type Caller,
  clientPreflight,
  type ManagementAuthenticator,
  requestCaller,
  requireApp,
  requireClient,
  requireManagement,
} from './auth.js';
export { clientKeyRoutes } from './client-key.routes.js';
export { bootstrapDefaultProject, type BootstrapResult, type FirstStartCredentials } from './bootstrap.js';
export { projectRoutes } from './project.routes.js';
export { getProject, SECRET_OVERLAP_MS } from './project.service.js';
export { newWebhookSecret } from './secrets.js';
export type { ProjectRow } from './project.table.js';
