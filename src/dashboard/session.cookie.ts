import type { FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'vouchsafe_session';
// The token is base64url, so the cookie needs no encoding, and anything else is not ours.
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{20,200}$/;

/** The session token from the request's cookie header, if any. */
export function sessionTokenOf(req: FastifyRequest): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    return TOKEN_SHAPE.test(value) ? value : null;
  }
  return null;
}

function cookie(req: FastifyRequest, value: string, maxAgeS: number): string {
  // httpOnly: scripts never see it. SameSite=Strict: no other site's page can make the browser send it.
  const secure = req.protocol === 'https' ? '; Secure' : '';
  return `${SESSION_COOKIE}=${value}; Max-Age=${maxAgeS}; Path=/; HttpOnly; SameSite=Strict${secure}`;
}

export function sessionCookie(req: FastifyRequest, token: string, maxAgeMs: number): string {
  return cookie(req, token, Math.floor(maxAgeMs / 1000));
}

export function clearedSessionCookie(req: FastifyRequest): string {
  return cookie(req, '', 0);
}
