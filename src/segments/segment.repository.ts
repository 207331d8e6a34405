import type { Kx } from '../platform/db/connect.js';
import { deleteById, findInProject } from '../platform/db/rows.js';
import type { SegmentRow } from './segment.table.js';

// 3 columns per member: 1,000 rows stay far under SQLite's 32,766 bound parameters per statement.
const MEMBERS_PER_STATEMENT = 1000;

export async function insertSegment(db: Kx, row: SegmentRow): Promise<void> {
  await db.insertInto('segments').values(row).execute();
}

export async function insertMembers(
  db: Kx,
  segment: SegmentRow,
  customerIds: readonly string[],
): Promise<void> {
  for (let i = 0; i < customerIds.length; i += MEMBERS_PER_STATEMENT)
    await db
      .insertInto('segment_members')
      .values(
        customerIds
          .slice(i, i + MEMBERS_PER_STATEMENT)
          .map((customer_id) => ({ segment_id: segment.id, customer_id, project_id: segment.project_id })),
      )
      .execute();
}

export async function findSegment(db: Kx, projectId: string, id: string): Promise<SegmentRow | undefined> {
  return findInProject(db, 'segments', projectId, { id });
}

/** Deletes the segment (its members go with it); false when it was not there. */
export async function deleteSegmentRow(db: Kx, projectId: string, id: string): Promise<boolean> {
  return deleteById(db, 'segments', id, projectId);
}

/** The segments a customer is in, oldest first. */
export async function segmentsOfCustomer(
  db: Kx,
  projectId: string,
  customerId: string,
): Promise<SegmentRow[]> {
  return db
    .selectFrom('segment_members as m')
    .innerJoin('segments as s', 's.id', 'm.segment_id')
    .selectAll('s')
    .where('m.project_id', '=', projectId)
    .where('m.customer_id', '=', customerId)
    .orderBy('s.created_at')
    .orderBy('s.id')
    .execute();
}
