import { iso } from '../platform/clock.js';
import type { SegmentRow } from './segment.table.js';

/** The segment object, keys as in the SDK's `SegmentsCreateResponse`; a static segment has no filter. */
export function presentSegment(row: SegmentRow): Record<string, unknown> {
  return {
    id: row.id,
    name: row.name,
    created_at: iso(row.created_at),
    metadata: {},
    filter: null,
    type: row.type,
    object: 'segment',
  };
}

/** `SimpleSegment`, as a customer's segment list carries it. */
export const presentSimpleSegment = (row: SegmentRow) => ({
  id: row.id,
  name: row.name,
  object: 'segment' as const,
});
