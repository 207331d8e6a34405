import type { Kx } from '../platform/db/connect.js';
import type { DashboardSessionRow } from './session.table.js';

export async function insertSession(db: Kx, row: DashboardSessionRow): Promise<void> {
  await db.insertInto('dashboard_sessions').values(row).execute();
}

export async function findSessionByHash(db: Kx, idHash: string): Promise<DashboardSessionRow | undefined> {
  return db.selectFrom('dashboard_sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
}

export async function updateSessionLastSeen(db: Kx, idHash: string, at: number): Promise<void> {
  await db
    .updateTable('dashboard_sessions')
    .set({ last_seen_at: at })
    .where('id_hash', '=', idHash)
    .execute();
}

export async function deleteSessionByHash(db: Kx, idHash: string): Promise<number> {
  const r = await db.deleteFrom('dashboard_sessions').where('id_hash', '=', idHash).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Removes sessions past their absolute end or idle for longer than `idleMs`. */
export async function deleteExpiredSessions(db: Kx, now: number, idleMs: number): Promise<number> {
  const r = await db
    .deleteFrom('dashboard_sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', now - idleMs)]))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
