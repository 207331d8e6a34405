import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../platform/context.js';
import * as repo from './session.repository.js';

type Ctx = Pick<AppContext, 'db' | 'clock'>;

/** A session ends 12 h after sign-in, or after 2 h without a request, whichever comes first. */
export const SESSION_MAX_AGE_MS = 12 * 60 * 60 * 1000;
export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;
/** `last_seen_at` is written at most this often, so that reads do not each cost a write. */
const TOUCH_EVERY_MS = 60 * 1000;

export interface Session {
  managementId: string;
  /** The token for the `x-csrf-token` header; derived from the session token, so nothing more is stored. */
  csrfToken: string;
  expiresAt: number;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const csrfFor = (token: string) => createHmac('sha256', token).update('vouchsafe-csrf').digest('base64url');

function isLive(row: { expires_at: number; last_seen_at: number }, now: number): boolean {
  return row.expires_at > now && row.last_seen_at > now - SESSION_IDLE_MS;
}

/** Starts a session for an authenticated management key. Returns the cookie token, shown only to that browser. */
export async function startSession(ctx: Ctx, managementId: string): Promise<Session & { token: string }> {
  const now = ctx.clock.now();
  // 32 random bytes: the cookie is a bearer credential, as strong as a management token.
  const token = randomBytes(32).toString('base64url');
  const expiresAt = now + SESSION_MAX_AGE_MS;
  await repo.deleteExpiredSessions(ctx.db.kysely, now, SESSION_IDLE_MS);
  await repo.insertSession(ctx.db.kysely, {
    id_hash: sha256(token),
    management_id: managementId,
    created_at: now,
    last_seen_at: now,
    expires_at: expiresAt,
  });
  return { token, managementId, csrfToken: csrfFor(token), expiresAt };
}

/** The live session behind a cookie token, or null. Keeps it alive. */
export async function resumeSession(ctx: Ctx, token: string): Promise<Session | null> {
  const now = ctx.clock.now();
  const idHash = sha256(token);
  const row = await repo.findSessionByHash(ctx.db.kysely, idHash);
  if (!row || !isLive(row, now)) return null;
  if (now - row.last_seen_at >= TOUCH_EVERY_MS) await repo.updateSessionLastSeen(ctx.db.kysely, idHash, now);
  return { managementId: row.management_id, csrfToken: csrfFor(token), expiresAt: row.expires_at };
}

/** Constant-time check of a request's `x-csrf-token` against the session's. */
export function csrfTokenMatches(token: string, presented: string | undefined): boolean {
  if (!presented) return false;
  const want = Buffer.from(csrfFor(token));
  const got = Buffer.from(presented);
  return want.length === got.length && timingSafeEqual(want, got);
}

export async function endSession(ctx: Ctx, token: string): Promise<void> {
  await repo.deleteSessionByHash(ctx.db.kysely, sha256(token));
}
