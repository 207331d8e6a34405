/** A signed-in dashboard browser. The cookie holds the token; only its sha256 is stored. */
export interface DashboardSessionsTable {
  /** sha256 hex of the session token. */
  id_hash: string;
  management_id: string;
  created_at: number;
  /** Last authenticated request, written at most once a minute. */
  last_seen_at: number;
  /** Absolute end of the session, whatever the activity. */
  expires_at: number;
}

export type DashboardSessionRow = DashboardSessionsTable;
