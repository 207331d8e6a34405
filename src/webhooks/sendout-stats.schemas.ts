import { Type } from '@sinclair/typebox';
import { OneOf } from '../platform/schemas.js';

export const STATS_INTERVALS = ['1m', '5m', '15m', '1h', '6h', '1d'] as const;

export const StatsQuery = Type.Object({
  webhook_id: Type.Optional(Type.String()),
  'created_at[after]': Type.Optional(Type.String({ format: 'date-time' })),
  'created_at[before]': Type.Optional(Type.String({ format: 'date-time' })),
  interval: Type.Optional(
    OneOf([...STATS_INTERVALS, 'auto'], {
      description: 'Bucket width; `auto` (the default) picks one that gives at most 60 buckets',
    }),
  ),
});

export const StatsBucket = Type.Object({
  start: Type.String({ format: 'date-time' }),
  succeeded: Type.Integer(),
  retrying: Type.Integer(),
  failed: Type.Integer(),
  pending: Type.Integer({ description: 'Pending or in flight' }),
});

export const StatsOut = Type.Object({
  object: Type.Literal('webhook_sendout_stats'),
  project_id: Type.String(),
  webhook_id: Type.Union([Type.String(), Type.Null()]),
  interval_ms: Type.Integer(),
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  data: Type.Array(StatsBucket),
});
