import type { AppContext } from '../platform/context.js';
import { transact } from '../platform/db/transaction.js';
import { newId, newToken } from '../platform/ids.js';
import * as repo from './project.repository.js';
import type { ProjectRow } from './project.table.js';
import { addApiKey, projectRow } from './project.service.js';
import { hashToken, tokenMatches } from './secrets.js';

/** What first start prints once. Tokens are stored hashed, so they cannot be shown again later. */
export interface FirstStartCredentials {
  projectId: string;
  appId: string;
  appToken: string;
  managementId: string;
  managementToken: string;
  webhookSecret: string;
  /** The `Default` client key, for `/client/v1`. */
  clientAppId: string;
  clientToken: string;
  clientOrigins: string[];
}

export interface BootstrapResult {
  project: ProjectRow;
  /** Set on the first start only. */
  created: FirstStartCredentials | null;
  warnings: string[];
}

/**
 * On first start, creates the default project, its `Default` application and client keys, a management key
 * and the project's webhook secret, honouring the values fixed by flags. Later starts create nothing, except a
 * fixed key that is missing; a fixed key whose token differs from the stored one is reported, not changed.
 */
export async function bootstrapDefaultProject(
  ctx: Pick<AppContext, 'db' | 'clock' | 'config'>,
): Promise<BootstrapResult> {
  const { config } = ctx;
  return transact(ctx, async (tx) => {
    const existing = await repo.findDefaultProject(tx.db);
    const warnings: string[] = [];
    if (existing) {
      if (config.appId && config.appToken) {
        const key = await repo.findApiKey(tx.db, config.appId);
        if (!key)
          await addApiKey(tx.db, existing.id, 'app', 'Default', tx.now, {
            appId: config.appId,
            token: config.appToken,
          });
        else if (!tokenMatches(config.appToken, key.token_hash))
          warnings.push(`--app-id ${config.appId} exists with another token; the stored token is kept`);
      }
      if (config.clientAppId && config.clientToken) {
        const key = await repo.findApiKey(tx.db, config.clientAppId);
        if (!key)
          await addApiKey(
            tx.db,
            existing.id,
            'client',
            'Default',
            tx.now,
            { appId: config.clientAppId, token: config.clientToken },
            [...config.clientOrigins],
          );
        else if (!tokenMatches(config.clientToken, key.token_hash))
          warnings.push(
            `--client-app-id ${config.clientAppId} exists with another token; the stored token is kept`,
          );
      }
      if (config.managementId && config.managementToken) {
        const key = await repo.findManagementKey(tx.db, config.managementId);
        if (!key)
          await repo.insertManagementKey(tx.db, {
            management_id: config.managementId,
            name: 'Default',
            token_hash: hashToken(config.managementToken),
            created_at: tx.now,
          });
        else if (!tokenMatches(config.managementToken, key.token_hash))
          warnings.push(
            `--management-id ${config.managementId} exists with another token; the stored token is kept`,
          );
      }
      if (config.webhookSecret && config.webhookSecret !== existing.webhook_secret)
        warnings.push(
          '--webhook-secret differs from the stored secret; the stored secret is kept (regenerate it through the API)',
        );
      return { project: existing, created: null, warnings };
    }
    const project = projectRow({ name: 'Default project' }, tx.now, {
      isDefault: true,
      secret: config.webhookSecret ?? undefined,
    });
    await repo.insertProject(tx.db, project);
    const fixedApp =
      config.appId && config.appToken ? { appId: config.appId, token: config.appToken } : undefined;
    const app = await addApiKey(tx.db, project.id, 'app', 'Default', tx.now, fixedApp);
    const fixedClient =
      config.clientAppId && config.clientToken
        ? { appId: config.clientAppId, token: config.clientToken }
        : undefined;
    const clientOrigins = [...config.clientOrigins];
    const client = await addApiKey(
      tx.db,
      project.id,
      'client',
      'Default',
      tx.now,
      fixedClient,
      clientOrigins,
    );
    if (clientOrigins.length === 0)
      warnings.push(
        'the Default client key allows no origin yet: pass --client-origins, or create a client key with allowed_origins',
      );
    const managementId = config.managementId ?? newId('managementKey');
    const managementToken = config.managementToken ?? newToken();
    await repo.insertManagementKey(tx.db, {
      management_id: managementId,
      name: 'Default',
      token_hash: hashToken(managementToken),
      created_at: tx.now,
    });
    return {
      project,
      created: {
        projectId: project.id,
        appId: app.app_id,
        appToken: app.app_token,
        managementId,
        managementToken,
        webhookSecret: project.webhook_secret,
        clientAppId: client.app_id,
        clientToken: client.app_token,
        clientOrigins,
      },
      warnings,
    };
  });
}
