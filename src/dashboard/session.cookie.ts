import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'vouchsafe_session';
// The token is base64url, so the cookie needs no encoding, and anything else is not ours.
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{20,200}$/;

/** The session token from the request's cookies (parsed by @fastify/cookie, registered at the root), if any. */
export function sessionTokenOf(req: FastifyRequest): string | null {
  const value = req.cookies?.[SESSION_COOKIE];
  return value && TOKEN_SHAPE.test(value) ? value : null;
}

function options(req: FastifyRequest, maxAgeS: number): CookieSerializeOptions {
  // httpOnly: scripts never see it. SameSite=Strict: no other site's page can make the browser send it.
  return { path: '/', httpOnly: true, sameSite: 'strict', secure: req.protocol === 'https', maxAge: maxAgeS };
}

export function setSessionCookie(
  req: FastifyRequest,
  reply: FastifyReply,
  token: string,
  maxAgeMs: number,
): void {
  reply.setCookie(SESSION_COOKIE, token, options(req, Math.floor(maxAgeMs / 1000)));
}

export function clearSessionCookie(req: FastifyRequest, reply: FastifyReply): void {
  reply.setCookie(SESSION_COOKIE, '', options(req, 0));
}
