export interface ProjectsTable {
  id: string;
  name: string;
  description: string | null;
  timezone: string;
  currency: string;
  case_sensitive_codes: number;
  webhook_version: string;
  /** Plain text: every delivery is signed with it. */
  webhook_secret: string;
  /** The secret before the last regeneration, still signing `webhook-signature` until `previous_secret_until`. */
  previous_webhook_secret: string | null;
  previous_secret_until: number | null;
  is_default: number;
  created_at: number;
  updated_at: number | null;
}

export interface ApiKeysTable {
  app_id: string;
  project_id: string;
  /** `app` for X-App-Id keys, `client` for X-Client-Application-Id keys. */
  kind: string;
  name: string;
  /** sha256 hex of the token; the token itself is shown once. */
  token_hash: string;
  /** JSON array of origins, for client keys. */
  allowed_origins: string | null;
  created_at: number;
}

export interface ManagementKeysTable {
  management_id: string;
  name: string;
  token_hash: string;
  created_at: number;
}

export interface MetaTable {
  key: string;
  value: string;
}

export type ProjectRow = ProjectsTable;
export type ApiKeyRow = ApiKeysTable;
