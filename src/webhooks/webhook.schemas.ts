import { type Static, Type } from '@sinclair/typebox';

const NullableString = Type.Union([Type.String(), Type.Null()]);

const HeadersIn = Type.Record(Type.String(), Type.String(), {
  description:
    'Custom HTTP headers sent with every send-out (our extension). Names are unique, case-insensitive.',
});

export const WebhookCreateIn = Type.Object({
  target_url: Type.String({
    description: 'Absolute http or https URL, at most 2,048 characters, without credentials',
  }),
  events: Type.Optional(Type.Array(Type.String(), { maxItems: 200 })),
  active: Type.Optional(Type.Boolean({ default: true })),
  all_events: Type.Optional(
    Type.Boolean({ description: 'Subscribe to every event type, including types added later' }),
  ),
  headers: Type.Optional(HeadersIn),
});
export type WebhookCreateIn = Static<typeof WebhookCreateIn>;

export const WebhookUpdateIn = Type.Object({
  target_url: Type.Optional(Type.String()),
  events: Type.Optional(Type.Array(Type.String(), { maxItems: 200 })),
  active: Type.Optional(Type.Boolean()),
  all_events: Type.Optional(Type.Boolean()),
  headers: Type.Optional(HeadersIn),
});
export type WebhookUpdateIn = Static<typeof WebhookUpdateIn>;

export const WebhookOut = Type.Object({
  id: Type.String(),
  object: Type.Literal('webhook'),
  created_at: Type.String({ format: 'date-time' }),
  target_url: Type.String(),
  events: Type.Array(Type.String()),
  active: Type.Boolean(),
  all_events: Type.Boolean(),
  headers: Type.Record(Type.String(), Type.String()),
  updated_at: NullableString,
  disabled_at: NullableString,
  disabled_reason: NullableString,
});

export const WebhookListOut = Type.Object({
  object: Type.Literal('list'),
  data_ref: Type.Literal('data'),
  data: Type.Array(WebhookOut),
  total: Type.Integer(),
});

export const WebhookParams = Type.Object({ projectId: Type.String(), webhookId: Type.String() });
export const ProjectParams = Type.Object({ projectId: Type.String() });

export const EventCatalogOut = Type.Object({
  object: Type.Literal('list'),
  data_ref: Type.Literal('data'),
  data: Type.Array(Type.Object({ type: Type.String(), group: Type.String(), label: Type.String() })),
  total: Type.Integer(),
});
