import type { AppContext } from '../platform/context.js';
import { parseOrigin } from '../platform/config.js';
import { transact } from '../platform/db/transaction.js';
import { clientKeyNotFound, invalidOrigin } from './client-key.errors.js';
import { allowedOriginsOf } from './client-key.presenter.js';
import type { ClientKeyCreateIn } from './client-key.schemas.js';
import { projectNotFound } from './project.errors.js';
import * as repo from './project.repository.js';
import { addApiKey, type CreatedKey, getProject } from './project.service.js';
import type { ApiKeyRow } from './project.table.js';

type Ctx = Pick<AppContext, 'db' | 'clock'>;

/** Normalises the origins of a request body; the first invalid one is reported by its index. */
export function normalizeOrigins(raw: readonly string[]): string[] {
  const out: string[] = [];
  raw.forEach((r, i) => {
    const o = parseOrigin(r);
    if (o instanceof Error) throw invalidOrigin(i, o.message);
    if (!out.includes(o)) out.push(o);
  });
  return out;
}

/**
 * True when the request's `Origin` header is on the key's list. Both sides are normalised, so
 * `https://Shop.example:443` matches `https://shop.example`. A missing or opaque (`null`) origin never matches.
 */
export function originAllowed(row: Pick<ApiKeyRow, 'allowed_origins'>, origin: string | undefined): boolean {
  const allowed = allowedOriginsOf(row);
  if (allowed.includes('*')) return true;
  if (!origin || origin === 'null') return false;
  const o = parseOrigin(origin);
  return !(o instanceof Error) && o !== '*' && allowed.includes(o);
}

export async function createClientKey(
  ctx: Ctx,
  projectId: string,
  input: ClientKeyCreateIn,
): Promise<CreatedKey & { allowed_origins: string[] }> {
  const origins = normalizeOrigins(input.allowed_origins);
  return transact(ctx, async (tx) => {
    if (!(await repo.findProjectById(tx.db, projectId))) throw projectNotFound(projectId);
    const key = await addApiKey(tx.db, projectId, 'client', input.name, tx.now, undefined, origins);
    return { ...key, allowed_origins: origins };
  });
}

export async function listClientKeys(ctx: Ctx, projectId: string): Promise<ApiKeyRow[]> {
  await getProject(ctx, projectId);
  return repo.selectApiKeys(ctx.db.kysely, projectId, 'client');
}

export async function deleteClientKey(ctx: Ctx, projectId: string, clientAppId: string): Promise<void> {
  await getProject(ctx, projectId);
  if (!(await repo.deleteApiKeyRow(ctx.db.kysely, projectId, 'client', clientAppId)))
    throw clientKeyNotFound(clientAppId);
}
