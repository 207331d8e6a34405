import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../platform/context.js';
import { unauthorized } from '../platform/errors.js';
import { authenticateApiKey, authenticateManagementKey } from './project.service.js';

type Ctx = Pick<AppContext, 'db' | 'clock'>;

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/** Extra ways to authenticate a management request (the dashboard session adds one). */
export type ManagementAuthenticator = (req: FastifyRequest) => Promise<string | null>;

/** preHandler for `/management/v1`: a management key pair, or another registered authenticator. */
export function requireManagement(ctx: Ctx, extra: ManagementAuthenticator[] = []) {
  return async (req: FastifyRequest): Promise<void> => {
    const id = header(req, 'x-management-id');
    const token = header(req, 'x-management-token');
    if (id && token) {
      if (await authenticateManagementKey(ctx, id, token)) {
        req.principal = { kind: 'management', managementId: id, via: 'key' };
        return;
      }
      throw unauthorized('Invalid management key pair');
    }
    for (const auth of extra) {
      const who = await auth(req);
      if (who) {
        req.principal = { kind: 'management', managementId: who, via: 'session' };
        return;
      }
    }
    throw unauthorized('Missing X-Management-Id and X-Management-Token headers');
  };
}

/** preHandler for `/v1`: an application key pair. The principal scopes every query to its project. */
export function requireApp(ctx: Ctx) {
  return async (req: FastifyRequest): Promise<void> => {
    const id = header(req, 'x-app-id');
    const token = header(req, 'x-app-token');
    if (!id || !token) throw unauthorized('Missing X-App-Id and X-App-Token headers');
    const key = await authenticateApiKey(ctx, 'app', id, token);
    if (!key) throw unauthorized('Invalid application key pair');
    req.principal = { kind: 'app', projectId: key.project_id, appId: key.app_id, name: key.name };
  };
}
