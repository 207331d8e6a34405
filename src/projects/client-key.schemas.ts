import { type Static, Type } from '@sinclair/typebox';
import { ListOut } from '../platform/schemas.js';

export const ClientKeyCreateIn = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  allowed_origins: Type.Array(Type.String({ minLength: 1, maxLength: 2048 }), {
    maxItems: 50,
    description: 'Origins allowed to call /client/v1 with this key, e.g. https://shop.example; * allows any',
  }),
});
export type ClientKeyCreateIn = Static<typeof ClientKeyCreateIn>;

export const ClientKeyOut = Type.Object({
  client_app_id: Type.String(),
  name: Type.String(),
  allowed_origins: Type.Array(Type.String()),
  created_at: Type.String({ format: 'date-time' }),
});

export const ClientKeyCreatedOut = Type.Object({
  client_app_id: Type.String(),
  client_token: Type.String(),
  name: Type.String(),
  allowed_origins: Type.Array(Type.String()),
  created_at: Type.String({ format: 'date-time' }),
});

export const ClientKeyListOut = ListOut('data', ClientKeyOut);

export const ClientKeyParams = Type.Object({ projectId: Type.String(), clientAppId: Type.String() });
