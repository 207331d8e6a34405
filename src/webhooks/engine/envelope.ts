/**
 * The v2024-01-01 envelope, keys in Voucherify's order: id, project_id, created_at, type, data, source, event.
 * `data` is spliced in as stored (serialised once by JSON.stringify when the event was recorded), so the
 * body is compact and byte-identical to JSON.stringify of its parsed self; a receiver that re-serialises
 * the parsed object computes the same signature.
 */

export interface EventSource {
  channel: 'API' | 'CLIENT_API' | 'USER_PORTAL' | 'INTERNAL';
  user: { id: string } | null;
  api_key: { name: string; app_id: string } | null;
}

export interface EnvelopeInput {
  sendoutId: string;
  projectId: string;
  createdAt: string;
  type: string;
  dataJson: string;
  webhook: { id: string; target_url: string };
  event: {
    id: string;
    type: string;
    created_at: string;
    entity_id: string | null;
    group_id: string | null;
    /** Stored JSON text of the event source. */
    event_source_json: string;
  };
}

const j = JSON.stringify;

export function buildEnvelope(e: EnvelopeInput): string {
  const source = `{"id":${j(e.webhook.id)},"object":"webhook","target_url":${j(e.webhook.target_url)}}`;
  const event =
    `{"id":${j(e.event.id)},"type":${j(e.event.type)},"created_at":${j(e.event.created_at)},` +
    `"entity_id":${j(e.event.entity_id)},"group_id":${j(e.event.group_id)},"event_source":${e.event.event_source_json}}`;
  return (
    `{"id":${j(e.sendoutId)},"project_id":${j(e.projectId)},"created_at":${j(e.createdAt)},"type":${j(e.type)},` +
    `"data":${e.dataJson},"source":${source},"event":${event}}`
  );
}
