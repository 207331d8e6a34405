import { Type } from '@sinclair/typebox';
import { ListOut, OneOf } from '../platform/schemas.js';

const NullableString = Type.Union([Type.String(), Type.Null()]);

export const SendoutOut = Type.Object({
  id: Type.String(),
  object: Type.Literal('webhook_sendout'),
  status: OneOf(['pending', 'in_flight', 'retrying', 'succeeded', 'failed']),
  type: Type.String(),
  webhook_id: Type.String(),
  target_url: Type.String(),
  request_id: NullableString,
  event_id: Type.String(),
  event_created_at: Type.String(),
  created_at: Type.String(),
  executed_at: NullableString,
  attempts_count: Type.Integer(),
  next_attempt_at: NullableString,
  failure_reason: NullableString,
});

export const AttemptOut = Type.Object({
  number: Type.Integer(),
  started_at: Type.String(),
  duration_ms: Type.Integer(),
  status_code: Type.Union([Type.Integer(), Type.Null()]),
  error: NullableString,
  response_headers: Type.Record(Type.String(), Type.String()),
  response_body: NullableString,
  manual: Type.Boolean(),
});

export const SendoutDetailOut = Type.Intersect([
  SendoutOut,
  Type.Object({ attempts: Type.Array(AttemptOut), payload: Type.Unknown() }),
]);

export const SendoutListQuery = Type.Object({
  webhook_id: Type.Optional(Type.String()),
  type: Type.Optional(Type.String()),
  status: Type.Optional(OneOf(['pending', 'in_flight', 'retrying', 'succeeded', 'failed'])),
  request_id: Type.Optional(
    Type.String({ maxLength: 100, description: 'Only send-outs of events caused by this request' }),
  ),
  'created_at[after]': Type.Optional(Type.String({ format: 'date-time' })),
  'created_at[before]': Type.Optional(Type.String({ format: 'date-time' })),
  starting_after: Type.Optional(
    Type.String({ description: 'Cursor: the last send-out id of the previous page' }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25 })),
});

export const SendoutListOut = ListOut('data', SendoutOut, {
  has_more: Type.Boolean(),
  more_starting_after: NullableString,
});

export const SendoutParams = Type.Object({ projectId: Type.String(), sendoutId: Type.String() });

export const RecoverIn = Type.Object({
  since: Type.String({
    format: 'date-time',
    description: 'Re-queue failed send-outs created at or after this time',
  }),
});
export const RecoverOut = Type.Object({
  object: Type.Literal('webhook_recovery'),
  webhook_id: Type.String(),
  requeued: Type.Integer(),
});

export const TestSendIn = Type.Object({
  target_url: Type.String(),
  headers: Type.Optional(Type.Record(Type.String(), Type.String())),
  type: Type.Optional(Type.String()),
});

export const TestSendOut = Type.Object({
  status_code: Type.Union([Type.Integer(), Type.Null()]),
  duration_ms: Type.Integer(),
  response_headers: Type.Record(Type.String(), Type.String()),
  response_body: NullableString,
  error: NullableString,
});
