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
export { bootstrapDefaultProject, type BootstrapResult } from './bootstrap.js';
export { projectRoutes } from './project.routes.js';
export { getProject, lockProject, projectTimeZone } from './project.service.js';
