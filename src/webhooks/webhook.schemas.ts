import { type Static, Type } from '@sinclair/typebox';
import { DocEnum } from '../platform/http/openapi.js';
import { EVENT_TYPES } from './event-catalog.js';
import {
  CONNECTION_HEADER_NAMES,
  MAX_CUSTOM_HEADERS,
  MAX_HEADER_VALUE_LENGTH,
  RESERVED_HEADER_NAMES,
  TARGET_URL_MAX_LENGTH,
} from './webhook.rules.js';
import { ListOut } from '../platform/schemas.js';

const NullableString = Type.Union([Type.String(), Type.Null()]);

export const RATE_LIMIT_MAX = 10_000;

const RateLimitIn = Type.Union([Type.Integer({ minimum: 1, maximum: RATE_LIMIT_MAX }), Type.Null()], {
  description:
    'Deliveries per second sent to this webhook, across all worker processes (our extension); null for no limit. Send-outs beyond it wait their turn: that is not a failed try.',
});

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
  rate_limit: Type.Optional(RateLimitIn),
});
export type WebhookCreateIn = Static<typeof WebhookCreateIn>;

export const WebhookUpdateIn = Type.Object({
  target_url: Type.Optional(Type.String()),
  events: Type.Optional(Type.Array(Type.String(), { maxItems: 200 })),
  active: Type.Optional(Type.Boolean()),
  all_events: Type.Optional(Type.Boolean()),
  headers: Type.Optional(HeadersIn),
  rate_limit: Type.Optional(RateLimitIn),
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
  rate_limit: Type.Union([Type.Integer(), Type.Null()]),
  updated_at: NullableString,
  disabled_at: NullableString,
  disabled_reason: NullableString,
});

export const WebhookListOut = ListOut('data', WebhookOut);

export const WebhookParams = Type.Object({ projectId: Type.String(), webhookId: Type.String() });
export const ProjectParams = Type.Object({ projectId: Type.String() });

export const EventCatalogOut = ListOut(
  'data',
  Type.Object({ type: Type.String(), group: Type.String(), label: Type.String(), fired: Type.Boolean() }),
);

export const EventTypeParams = Type.Object({ type: Type.String({ minLength: 1, maxLength: 100 }) });

export const EventTypeOut = Type.Object({
  object: Type.Literal('webhook_event_type'),
  type: Type.String(),
  group: Type.String(),
  label: Type.String(),
  fired: Type.Boolean({ description: 'True when some operation of this server records the type' }),
  schema: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()], {
    description: 'JSON Schema (2020-12) of `data` as delivered; null for a type no operation fires yet',
  }),
  sample: Type.Unknown({ description: 'The `data` a test send of this type delivers' }),
});

/*
 * Documented forms of the bodies: the rules `webhook.rules.ts` and `webhook.validation.ts` check, stated in
 * the OpenAPI document (see `documentedBody`).
 */

/** `[Hh][Oo][Ss][Tt]`: JSON Schema patterns have no case-insensitive flag. */
const anyCase = (s: string) =>
  [...s]
    .map((c) =>
      /[a-z]/i.test(c) ? `[${c.toUpperCase()}${c.toLowerCase()}]` : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');

/**
 * An HTTP token that is neither set by delivery (a reserved name, `webhook-*`) nor connection-level (`proxy-*`
 * too), in any case.
 */
const FORBIDDEN_HEADER_NAMES = [...RESERVED_HEADER_NAMES, ...CONNECTION_HEADER_NAMES].map(anyCase).join('|');
const HEADER_NAME_PATTERN =
  `^(?!(?:${FORBIDDEN_HEADER_NAMES})$)(?!${anyCase('webhook-')}|${anyCase('proxy-')})` +
  "[!#$%&'*+\\-.^_`|~0-9A-Za-z]+$";

const TargetUrlDoc = Type.String({
  format: 'uri',
  maxLength: TARGET_URL_MAX_LENGTH,
  // http or https, a host, and no user or password before it.
  pattern: '^[Hh][Tt][Tt][Pp][Ss]?://[^/?#@\\s:][^/?#@\\s]*([/?#]\\S*)?$',
  description:
    `Absolute http or https URL with a host (and a port, if any, up to 65535), at most ${TARGET_URL_MAX_LENGTH} ` +
    'characters, without credentials; an IP address as host must be one VOUCHSAFE_ALLOW_PRIVATE_TARGETS allows',
});

const EventsDoc = Type.Array(DocEnum(EVENT_TYPES), {
  maxItems: 200,
  description:
    'Event types to deliver; repeats count once. The four misspellings of upstream enum (e.g. campaign.vouchers.aded) are accepted too and stored correctly spelled',
});

const HeadersDoc = Type.Record(
  Type.String(),
  Type.String({
    maxLength: MAX_HEADER_VALUE_LENGTH,
    pattern: '^[^\\r\\n\\u0000]*$',
    description: 'A single line',
  }),
  {
    maxProperties: MAX_CUSTOM_HEADERS,
    propertyNames: { pattern: HEADER_NAME_PATTERN },
    description:
      `Custom HTTP headers sent with every send-out (our extension): at most ${MAX_CUSTOM_HEADERS}, names ` +
      `unique regardless of case; ${RESERVED_HEADER_NAMES.join(', ')} and webhook-* are set by delivery, and ` +
      `connection-level names (${CONNECTION_HEADER_NAMES.join(', ')}, proxy-*) cannot be set`,
  },
);

export const WebhookCreateDoc = Type.Object(
  {
    target_url: TargetUrlDoc,
    events: Type.Optional(EventsDoc),
    active: Type.Optional(Type.Boolean({ default: true })),
    all_events: Type.Optional(
      Type.Boolean({ description: 'Subscribe to every event type, including types added later' }),
    ),
    headers: Type.Optional(HeadersDoc),
  },
  {
    anyOf: [
      { required: ['all_events'], properties: { all_events: { type: 'boolean', enum: [true] } } },
      { required: ['events'], properties: { events: { type: 'array', minItems: 1 } } },
    ],
    description: 'events lists at least one event type, unless all_events is true',
  },
);

export const WebhookUpdateDoc = Type.Object(
  {
    target_url: Type.Optional(TargetUrlDoc),
    events: Type.Optional(EventsDoc),
    active: Type.Optional(Type.Boolean({ description: 'true re-enables a disabled webhook' })),
    all_events: Type.Optional(Type.Boolean()),
    headers: Type.Optional(HeadersDoc),
  },
  { description: 'The webhook must keep at least one event type, unless all_events is true' },
);
