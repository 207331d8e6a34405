/** A customer segment (`seg_…`). Only static segments are kept: a fixed list of customers. */
export interface SegmentsTable {
  id: string;
  project_id: string;
  name: string;
  type: 'static';
  created_at: number;
}

/** One customer in one static segment. Removed with the segment, or with the customer's permanent deletion. */
export interface SegmentMembersTable {
  segment_id: string;
  customer_id: string;
  project_id: string;
}

export type SegmentRow = SegmentsTable;
