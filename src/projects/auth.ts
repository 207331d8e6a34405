import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../platform/context.js';
import { unauthorized } from '../platform/errors.js';
import { originAllowed } from './client-key.service.js';
import { authenticateApiKey, authenticateManagementKey } from './project.service.js';

type Ctx = Pick<AppContext, 'db' | 'clock'>;

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/** Extra ways to authenticate a management request (the dashboard session adds one). */
export type ManagementAuthenticator = (req: FastifyRequest) => Promise<string | null>;

/** onRequest hook for `/management/v1` (before the body is read): a management key pair, or another registered authenticator. */
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

/** onRequest hook for `/v1` (before the body is read): an application key pair. The principal scopes every query to its project. */
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

/**
 * onRequest hook for `/client/v1`: a client key pair, and an `Origin` on the key's list (else 401, as a wrong key).
 * On success the response allows that origin (CORS), so a browser can read it.
 */
export function requireClient(ctx: Ctx) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const id = header(req, 'x-client-application-id');
    const token = header(req, 'x-client-token');
    if (!id || !token) throw unauthorized('Missing X-Client-Application-Id and X-Client-Token headers');
    const key = await authenticateApiKey(ctx, 'client', id, token);
    if (!key) throw unauthorized('Invalid client key pair');
    const origin = header(req, 'origin');
    if (!originAllowed(key, origin))
      throw unauthorized(
        origin
          ? `Origin ${origin.slice(0, 200)} is not allowed for this client key`
          : 'Missing Origin header; client keys only serve allowed origins',
      );
    if (origin) reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
    req.principal = { kind: 'client', projectId: key.project_id, appId: key.app_id, name: key.name };
  };
}

const CLIENT_ALLOWED_HEADERS = [
  'Content-Type',
  'X-Client-Application-Id',
  'X-Client-Token',
  'X-Voucherify-Channel',
  'X-Voucherify-API-Version',
  'X-Voucherify-Double-Opt-In',
].join(', ');

/**
 * Answers a CORS preflight on `/client/v1`. A preflight carries no key, so it cannot be checked against a
 * key's origins: it is allowed here, and the real request is refused (401, no CORS headers) when its
 * origin is not on the key's list.
 */
export async function clientPreflight(req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const origin = header(req, 'origin');
  if (origin) reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
  await reply
    .header('access-control-allow-methods', 'GET, POST, PUT, DELETE, OPTIONS')
    .header('access-control-allow-headers', CLIENT_ALLOWED_HEADERS)
    .header('access-control-expose-headers', 'X-Request-Id')
    .header('access-control-max-age', '600')
    .code(204)
    .send();
}

/** Who made a `/v1` or `/client/v1` request, as events record it. */
export interface Caller {
  projectId: string;
  /** The request id (`v-…`): every event the request causes carries it as `group_id`. */
  requestId: string;
  source: {
    channel: 'API' | 'CLIENT_API';
    user: null;
    api_key: { name: string; app_id: string };
  };
}

/** The caller of an authenticated `/v1` or `/client/v1` request. */
export function requestCaller(req: FastifyRequest): Caller {
  const p = req.principal;
  if (!p || p.kind === 'management') throw unauthorized('An application or client key is required');
  return {
    projectId: p.projectId,
    requestId: req.id,
    source: {
      channel: p.kind === 'app' ? 'API' : 'CLIENT_API',
      user: null,
      api_key: { name: p.name, app_id: p.appId },
    },
  };
}
