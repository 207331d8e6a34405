export { requireApp, requireManagement, type ManagementAuthenticator } from './auth.js';
export { bootstrapDefaultProject, type BootstrapResult, type FirstStartCredentials } from './bootstrap.js';
export { projectRoutes } from './project.routes.js';
export { getProject, SECRET_OVERLAP_MS } from './project.service.js';
export { newWebhookSecret } from './secrets.js';
export type { ProjectRow } from './project.table.js';
