import type { Kx } from '../platform/db/connect.js';
import { lockById, updateById } from '../platform/db/rows.js';
import type { Tx } from '../platform/db/transaction.js';
import type { ApiKeyRow, ProjectRow } from './project.table.js';

export async function insertProject(db: Kx, row: ProjectRow): Promise<void> {
  await db.insertInto('projects').values(row).execute();
}

export async function findProjectById(db: Kx, id: string): Promise<ProjectRow | undefined> {
  return db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The project's row, locked for the rest of the transaction where the database has row locks. */
export async function lockProjectRow(tx: Tx, id: string): Promise<ProjectRow | undefined> {
  return lockById(tx, 'projects', id);
}

export async function findDefaultProject(db: Kx): Promise<ProjectRow | undefined> {
  return db.selectFrom('projects').selectAll().where('is_default', '=', 1).executeTakeFirst();
}

export async function selectProjects(db: Kx): Promise<ProjectRow[]> {
  return db.selectFrom('projects').selectAll().orderBy('created_at', 'asc').orderBy('id', 'asc').execute();
}

export async function updateProjectRow(db: Kx, id: string, patch: Partial<ProjectRow>): Promise<void> {
  await updateById(db, 'projects', id, patch);
}

export async function insertApiKey(db: Kx, row: ApiKeyRow): Promise<void> {
  await db.insertInto('api_keys').values(row).execute();
}

export async function findApiKey(db: Kx, appId: string): Promise<ApiKeyRow | undefined> {
  return db.selectFrom('api_keys').selectAll().where('app_id', '=', appId).executeTakeFirst();
}

export async function selectApiKeys(db: Kx, projectId: string, kind: string): Promise<ApiKeyRow[]> {
  return db
    .selectFrom('api_keys')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('kind', '=', kind)
    .orderBy('created_at', 'asc')
    .orderBy('app_id', 'asc')
    .execute();
}

export async function deleteApiKeyRow(
  db: Kx,
  projectId: string,
  kind: string,
  appId: string,
): Promise<boolean> {
  const r = await db
    .deleteFrom('api_keys')
    .where('project_id', '=', projectId)
    .where('kind', '=', kind)
    .where('app_id', '=', appId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function insertManagementKey(
  db: Kx,
  row: { management_id: string; name: string; token_hash: string; created_at: number },
): Promise<void> {
  await db.insertInto('management_keys').values(row).execute();
}

export async function findManagementKey(db: Kx, id: string) {
  return db.selectFrom('management_keys').selectAll().where('management_id', '=', id).executeTakeFirst();
}
