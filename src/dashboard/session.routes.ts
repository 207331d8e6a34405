import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { iso } from '../platform/clock.js';
import type { AppContext } from '../platform/context.js';
import { AppError, unauthorized } from '../platform/errors.js';
import type { App } from '../platform/http/server.js';
import { errorResponses } from '../platform/http/openapi.js';
import { type ManagementAuthenticator, requireManagement } from '../projects/index.js';
import { clearSessionCookie, sessionTokenOf, setSessionCookie } from './session.cookie.js';
import { SessionOut } from './session.schemas.js';
import {
  csrfTokenMatches,
  endSession,
  resumeSession,
  SESSION_MAX_AGE_MS,
  type Session,
  startSession,
} from './session.service.js';

const tags = ['Dashboard session'];
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const csrfRejected = () =>
  new AppError(403, 'invalid_csrf_token', 'Invalid CSRF token', {
    details: 'A request authenticated by the dashboard session must send its x-csrf-token header',
  });

function presentSession(s: Session) {
  return {
    object: 'dashboard_session' as const,
    management_id: s.managementId,
    csrf_token: s.csrfToken,
    expires_at: iso(s.expiresAt),
  };
}

function csrfHeader(req: FastifyRequest): string | undefined {
  const v = req.headers['x-csrf-token'];
  return typeof v === 'string' ? v : undefined;
}

/**
 * Lets the session cookie authenticate Management API requests. A mutating request must also carry the
 * session's CSRF token: the cookie alone is refused with 403, even though SameSite=Strict already keeps
 * other sites from sending it.
 */
export function dashboardSessionAuthenticator(ctx: AppContext): ManagementAuthenticator {
  return async (req) => {
    const token = sessionTokenOf(req);
    if (!token) return null;
    const session = await resumeSession(ctx, token);
    if (!session) return null;
    if (!SAFE_METHODS.has(req.method) && !csrfTokenMatches(token, csrfHeader(req))) throw csrfRejected();
    return session.managementId;
  };
}

/** Sign-in (with a management key pair in the usual headers), the current session, and sign-out. */
export function sessionRoutes(ctx: AppContext) {
  return async (app: App) => {
    const keysOnly = requireManagement(ctx);

    app.post(
      '/management/v1/session',
      {
        onRequest: keysOnly,
        schema: {
          tags,
          summary: 'Sign in to the dashboard with X-Management-Id and X-Management-Token',
          security: [{ 'X-Management-Id': [], 'X-Management-Token': [] }],
          response: { 200: SessionOut },
        },
      },
      async (req, reply) => {
        const principal = req.principal;
        if (principal?.kind !== 'management') throw unauthorized();
        const s = await startSession(ctx, principal.managementId);
        setSessionCookie(req, reply, s.token, SESSION_MAX_AGE_MS);
        reply.header('cache-control', 'no-store');
        return presentSession(s);
      },
    );

    app.get(
      '/management/v1/session',
      {
        schema: {
          tags,
          summary: 'The session of the cookie',
          response: { 200: SessionOut, ...errorResponses(401) },
        },
      },
      async (req, reply) => {
        const token = sessionTokenOf(req);
        const s = token ? await resumeSession(ctx, token) : null;
        if (!s) throw unauthorized('No dashboard session; sign in with a management key pair');
        reply.header('cache-control', 'no-store');
        return presentSession(s);
      },
    );

    app.delete(
      '/management/v1/session',
      { schema: { tags, summary: 'Sign out', response: { 204: Type.Null(), ...errorResponses(403) } } },
      async (req, reply) => {
        const token = sessionTokenOf(req);
        if (token && (await resumeSession(ctx, token))) {
          if (!csrfTokenMatches(token, csrfHeader(req))) throw csrfRejected();
          await endSession(ctx, token);
        }
        clearSessionCookie(req, reply);
        return reply.code(204).send(null);
      },
    );
  };
}
