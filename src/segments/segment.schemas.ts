import { type Static, Type } from '@sinclair/typebox';
import { ListOut, OneOf, PATH_PARAM_MAX_CHARS } from '../platform/schemas.js';

/** Request and response schemas of the segments API (`@voucherify/sdk` `segments`). Unknown keys are ignored. */

/** Customers of one static segment, at most, in one request. */
export const MAX_SEGMENT_CUSTOMERS = 10_000;

export const SegmentCreateIn = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 500 }),
  type: OneOf(['static', 'auto-update']),
  filter: Type.Optional(Type.Unknown()),
  customers: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: PATH_PARAM_MAX_CHARS }), {
      maxItems: MAX_SEGMENT_CUSTOMERS,
    }),
  ),
});
export type SegmentCreateIn = Static<typeof SegmentCreateIn>;

export const SegmentParams = Type.Object({
  segmentId: Type.String({ minLength: 1, maxLength: PATH_PARAM_MAX_CHARS }),
});
export const CustomerSegmentsParams = Type.Object({
  customerId: Type.String({ minLength: 1, maxLength: PATH_PARAM_MAX_CHARS }),
});

/** The segment object; declared open so the serializer keeps the presenter's key order. */
export const SegmentOut = Type.Object({}, { additionalProperties: true, description: 'Segment' });

export const CustomerSegmentsOut = ListOut(
  'data',
  Type.Object({ id: Type.String(), name: Type.String(), object: Type.Literal('segment') }),
);
