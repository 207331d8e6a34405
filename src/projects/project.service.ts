import type { AppContext } from '../platform/context.js';
import type { Kx } from '../platform/db/connect.js';
import { type Tx, transact } from '../platform/db/transaction.js';
import { newId, newToken } from '../platform/ids.js';
import { projectNotFound, apiKeyNotFound } from './project.errors.js';
import * as repo from './project.repository.js';
import { WEBHOOK_VERSION, type ProjectCreateIn, type ProjectUpdateIn } from './project.schemas.js';
import type { ApiKeyRow, ProjectRow } from './project.table.js';
import { hashToken, newWebhookSecret, tokenMatches } from './secrets.js';

/** How long the previous secret still signs `webhook-signature` after a regeneration. */
export const SECRET_OVERLAP_MS = 24 * 60 * 60 * 1000;

type Ctx = Pick<AppContext, 'db' | 'clock'>;

export interface CreatedKey {
  app_id: string;
  app_token: string;
  name: string;
  created_at: number;
}

function projectRow(
  input: ProjectCreateIn,
  now: number,
  opts: { secret?: string; isDefault?: boolean },
): ProjectRow {
  return {
    id: newId('project'),
    name: input.name,
    description: input.description ?? null,
    timezone: input.timezone ?? 'UTC',
    currency: input.currency ?? 'USD',
    case_sensitive_codes: input.case_sensitive_codes === false ? 0 : 1,
    webhook_version: WEBHOOK_VERSION,
    webhook_secret: opts.secret ?? newWebhookSecret(),
    previous_webhook_secret: null,
    previous_secret_until: null,
    is_default: opts.isDefault ? 1 : 0,
    created_at: now,
    updated_at: null,
  };
}

async function addApiKey(
  db: Kx,
  projectId: string,
  kind: 'app' | 'client',
  name: string,
  now: number,
  fixed?: { appId: string; token: string },
  allowedOrigins?: string[],
): Promise<CreatedKey> {
  const appId = fixed?.appId ?? newId(kind === 'app' ? 'appKey' : 'clientKey');
  const token = fixed?.token ?? newToken();
  await repo.insertApiKey(db, {
    app_id: appId,
    project_id: projectId,
    kind,
    name,
    token_hash: hashToken(token),
    allowed_origins: allowedOrigins ? JSON.stringify(allowedOrigins) : null,
    created_at: now,
  });
  return { app_id: appId, app_token: token, name, created_at: now };
}

/** Creates a project with its webhook secret and a server-side key named `Default`. */
export async function createProject(ctx: Ctx, input: ProjectCreateIn) {
  return transact(ctx, async (tx) => {
    const row = projectRow(input, tx.now, {});
    await repo.insertProject(tx.db, row);
    const key = await addApiKey(tx.db, row.id, 'app', 'Default', tx.now);
    return { project: row, key };
  });
}

export async function getProject(ctx: Ctx, id: string): Promise<ProjectRow> {
  const row = await repo.findProjectById(ctx.db.kysely, id);
  if (!row) throw projectNotFound(id);
  return row;
}

/** The project's time zone, read with the given connection or transaction (validity days and hours are local). */
export async function projectTimeZone(db: Kx, id: string): Promise<string> {
  const row = await repo.findProjectById(db, id);
  if (!row) throw projectNotFound(id);
  return row.timezone;
}

/**
 * Locks the project's row for the rest of the transaction (PostgreSQL; SQLite serialises writers), so that
 * a check of the whole project's rows (at most 100 earning rules) holds against concurrent requests on any
 * of its campaigns. Taken after the locks of the request's own rows (its campaign), never before.
 */
export async function lockProject(tx: Tx, id: string): Promise<void> {
  if (!(await repo.lockProjectRow(tx, id))) throw projectNotFound(id);
}

export async function listProjects(ctx: Ctx): Promise<ProjectRow[]> {
  return repo.selectProjects(ctx.db.kysely);
}

export async function updateProject(ctx: Ctx, id: string, input: ProjectUpdateIn): Promise<ProjectRow> {
  return transact(ctx, async (tx) => {
    const row = await repo.findProjectById(tx.db, id);
    if (!row) throw projectNotFound(id);
    const patch: Partial<ProjectRow> = { updated_at: tx.now };
    if (input.name !== undefined) patch.name = input.name;
    if (input.description !== undefined) patch.description = input.description;
    if (input.timezone !== undefined) patch.timezone = input.timezone;
    if (input.currency !== undefined) patch.currency = input.currency;
    if (input.case_sensitive_codes !== undefined)
      patch.case_sensitive_codes = input.case_sensitive_codes ? 1 : 0;
    await repo.updateProjectRow(tx.db, id, patch);
    return { ...row, ...patch };
  });
}

/** Replaces the webhook secret. The previous one keeps signing `webhook-signature` for 24 h. */
export async function regenerateWebhookSecret(ctx: Ctx, id: string): Promise<ProjectRow> {
  return transact(ctx, async (tx) => {
    const row = await repo.findProjectById(tx.db, id);
    if (!row) throw projectNotFound(id);
    const patch: Partial<ProjectRow> = {
      webhook_secret: newWebhookSecret(),
      previous_webhook_secret: row.webhook_secret,
      previous_secret_until: tx.now + SECRET_OVERLAP_MS,
      updated_at: tx.now,
    };
    await repo.updateProjectRow(tx.db, id, patch);
    return { ...row, ...patch };
  });
}

export async function createApiKey(ctx: Ctx, projectId: string, name: string): Promise<CreatedKey> {
  return transact(ctx, async (tx) => {
    if (!(await repo.findProjectById(tx.db, projectId))) throw projectNotFound(projectId);
    return addApiKey(tx.db, projectId, 'app', name, tx.now);
  });
}

export async function listApiKeys(ctx: Ctx, projectId: string): Promise<ApiKeyRow[]> {
  await getProject(ctx, projectId);
  return repo.selectApiKeys(ctx.db.kysely, projectId, 'app');
}

export async function deleteApiKey(ctx: Ctx, projectId: string, appId: string): Promise<void> {
  await getProject(ctx, projectId);
  if (!(await repo.deleteApiKeyRow(ctx.db.kysely, projectId, 'app', appId))) throw apiKeyNotFound(appId);
}

/** The key pair's row when id and token match, else null. */
export async function authenticateApiKey(
  ctx: Ctx,
  kind: 'app' | 'client',
  appId: string,
  token: string,
): Promise<ApiKeyRow | null> {
  const row = await repo.findApiKey(ctx.db.kysely, appId);
  if (!row || row.kind !== kind || !tokenMatches(token, row.token_hash)) return null;
  return row;
}

export async function authenticateManagementKey(ctx: Ctx, id: string, token: string): Promise<boolean> {
  const row = await repo.findManagementKey(ctx.db.kysely, id);
  return row !== undefined && tokenMatches(token, row.token_hash);
}

export { addApiKey, projectRow };
