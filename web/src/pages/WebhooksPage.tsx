import { useState } from 'react';
import { api, type List, type Project, type Webhook } from '../api';
import { ConfirmDialog, ErrorBox, Icon, Loading, Notice, useAsync } from '../components/ui';
import { formatTime } from '../format';
import { navigate, paths, takeFlash, useRefreshKey } from '../router';

export const WEBHOOK_VERSION = 'v2024-01-01';

/** Project settings → General → Webhooks: the endpoints, with add, edit and delete. */
export function WebhooksSection({ project }: { project: Project }) {
  const refreshKey = useRefreshKey();
  const hooks = useAsync(
    () => api<List<Webhook>>('GET', `/projects/${project.id}/webhooks`),
    [project.id, refreshKey],
  );
  const [flash, setFlash] = useState(takeFlash);
  const [deleting, setDeleting] = useState<Webhook | null>(null);

  return (
    <>
      {flash ? <Notice>{flash}</Notice> : null}

      <section className="card" aria-labelledby="webhooks-title">
        <div className="card-head">
          <div>
            <h2 id="webhooks-title">Webhooks</h2>
            <p className="muted">
              Vouchsafe posts signed events to these URLs, in webhook version <code>{WEBHOOK_VERSION}</code>.
            </p>
          </div>
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => navigate(paths.newWebhook(project.id))}
            aria-label="Add webhook"
          >
            <Icon name="plus" /> <span>Add webhook</span>
          </button>
        </div>
        {hooks.error ? <ErrorBox error={hooks.error} onRetry={hooks.reload} /> : null}
        {!hooks.data && !hooks.error ? <Loading label="Loading webhooks…" /> : null}
        {hooks.data && hooks.data.data.length === 0 ? (
          <p className="empty">No webhooks yet. Add one to receive events.</p>
        ) : null}
        {hooks.data && hooks.data.data.length > 0 ? (
          <table className="table responsive" aria-labelledby="webhooks-title">
            <thead>
              <tr>
                <th scope="col">Target URL</th>
                <th scope="col">Version</th>
                <th scope="col">Status</th>
                <th scope="col">Events</th>
                <th scope="col">Disabled</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {hooks.data.data.map((w) => (
                <tr key={w.id} data-webhook-id={w.id}>
                  <td data-label="Target URL" className="url-cell">
                    <span className="mono break">{w.target_url}</span>
                    <span className="muted small mono">{w.id}</span>
                  </td>
                  <td data-label="Version">{WEBHOOK_VERSION}</td>
                  <td data-label="Status">
                    <span className={w.active ? 'badge badge-ok' : 'badge badge-off'}>
                      {w.active ? 'Active' : 'Disabled'}
                    </span>
                  </td>
                  <td data-label="Events">
                    {w.all_events
                      ? 'All events'
                      : `${w.events.length} ${w.events.length === 1 ? 'event' : 'events'}`}
                  </td>
                  <td data-label="Disabled">
                    {w.active ? (
                      <span className="muted">—</span>
                    ) : (
                      <span className="disabled-info">
                        {formatTime(w.disabled_at)}
                        {w.disabled_reason ? <span className="muted small">{w.disabled_reason}</span> : null}
                      </span>
                    )}
                  </td>
                  <td className="row-actions">
                    <button
                      type="button"
                      className="icon-btn"
                      aria-label="Edit"
                      title={`Edit ${w.target_url}`}
                      onClick={() => navigate(paths.editWebhook(project.id, w.id))}
                    >
                      <Icon name="pencil" />
                    </button>
                    <button
                      type="button"
                      className="icon-btn icon-btn-danger"
                      aria-label="Delete"
                      title={`Delete ${w.target_url}`}
                      onClick={() => setDeleting(w)}
                    >
                      <Icon name="trash" />
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>

      {deleting ? (
        <ConfirmDialog
          title="Delete webhook?"
          confirmLabel="Delete"
          danger
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api('DELETE', `/projects/${project.id}/webhooks/${deleting.id}`);
            setFlash('Webhook deleted');
            await hooks.reload();
          }}
        >
          <p>
            <span className="mono break">{deleting.target_url}</span> will stop receiving events. Its queued
            send-outs are closed as failed. This cannot be undone.
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
