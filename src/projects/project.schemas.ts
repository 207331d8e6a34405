import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { ListOut, Nullable } from '../platform/schemas.js';

export const WEBHOOK_VERSION = 'v2024-01-01';

export const ProjectOut = Type.Object({
  id: Type.String(),
  object: Type.Literal('project'),
  name: Type.String(),
  description: Nullable(Type.String()),
  timezone: Type.String(),
  currency: Type.String(),
  case_sensitive_codes: Type.Boolean(),
  webhook_version: Type.String(),
  api_version: Type.String(),
  is_sandbox: Type.Boolean(),
  webhook_token: Type.String(),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Nullable(Type.String({ format: 'date-time' })),
});

const ProjectFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
  case_sensitive_codes: Type.Optional(Type.Boolean()),
  webhook_version: Type.Optional(Type.Literal(WEBHOOK_VERSION)),
};

export const ProjectCreateIn = Type.Object(ProjectFields);
export type ProjectCreateIn = Static<typeof ProjectCreateIn>;

export const ProjectUpdateIn = Type.Partial(Type.Object(ProjectFields));
export type ProjectUpdateIn = Static<typeof ProjectUpdateIn>;

export const ProjectCreateOut = Type.Intersect([
  ProjectOut,
  Type.Object({ server_side_key: Type.Object({ app_id: Type.String(), app_token: Type.String() }) }),
]);

export const ProjectParams = Type.Object({ projectId: Type.String() });
export const ApiKeyParams = Type.Object({ projectId: Type.String(), appId: Type.String() });

export const ApiKeyCreateIn = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) });
export const ApiKeyOut = Type.Object({
  app_id: Type.String(),
  name: Type.String(),
  created_at: Type.String(),
});
export const ApiKeyCreatedOut = Type.Object({
  app_id: Type.String(),
  app_token: Type.String(),
  name: Type.String(),
  created_at: Type.String(),
});

export const WebhookSecretOut = Type.Object({
  object: Type.Literal('webhook_secret'),
  project_id: Type.String(),
  secret_key: Type.String(),
  previous_secret_key_expires_at: Type.Union([Type.String(), Type.Null()]),
});

export const listOf = <T extends TSchema>(item: T) => ListOut('data', item);
