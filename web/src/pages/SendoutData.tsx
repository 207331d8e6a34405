import { api, type SendoutDetail } from '../api';
import { Dialog, ErrorBox, Loading, useAsync } from '../components/ui';
import { failureReasonText, formatTime, prettyBody, prettyJson, STATUS_LABELS } from '../format';

/** "Show data": the complete payload as sent, and every attempt with status, duration, error and response. */
export function SendoutData(props: { projectId: string; sendoutId: string; onClose: () => void }) {
  const detail = useAsync(
    () => api<SendoutDetail>('GET', `/projects/${props.projectId}/webhook-sendouts/${props.sendoutId}`),
    [props.projectId, props.sendoutId],
  );
  const s = detail.data;
  return (
    <Dialog title={`Send-out ${props.sendoutId}`} onClose={props.onClose} wide>
      <ErrorBox error={detail.error} onRetry={detail.reload} />
      {!s && !detail.error ? <Loading label="Loading the send-out…" /> : null}
      {s ? (
        <>
          <dl className="kv kv-grid">
            <dt>Status</dt>
            <dd>
              <span className={`badge badge-${s.status}`}>{STATUS_LABELS[s.status] ?? s.status}</span>
              {s.failure_reason ? (
                <span className="muted small"> {failureReasonText(s.failure_reason)}</span>
              ) : null}
            </dd>
            <dt>Webhook type</dt>
            <dd className="mono">{s.type}</dd>
            <dt>Target URL</dt>
            <dd className="mono break">{s.target_url}</dd>
            <dt>Attempts</dt>
            <dd data-testid="detail-attempts">{s.attempts_count}</dd>
            <dt>Next attempt</dt>
            <dd>{formatTime(s.next_attempt_at)}</dd>
          </dl>
          <h3>Attempts</h3>
          {s.attempts.length === 0 ? <p className="empty">No attempt yet.</p> : null}
          <ol className="attempts">
            {s.attempts.map((a) => {
              const ok = a.status_code !== null && a.status_code >= 200 && a.status_code < 300;
              return (
                <li key={a.number} className={ok ? 'attempt attempt-ok' : 'attempt attempt-bad'}>
                  <div className="attempt-head">
                    <strong>Attempt {a.number}</strong>
                    {a.manual ? <span className="badge">manual</span> : null}
                    <span className={ok ? 'badge badge-succeeded' : 'badge badge-failed'}>
                      {a.status_code !== null ? `HTTP ${a.status_code}` : 'No response'}
                    </span>
                    <span className="muted small">
                      {formatTime(a.started_at)} · {a.duration_ms} ms
                    </span>
                  </div>
                  {a.error ? <p className="attempt-error">Error: {a.error}</p> : null}
                  <details open>
                    <summary>Response body</summary>
                    <pre className="code code-small">{prettyBody(a.response_body)}</pre>
                  </details>
                </li>
              );
            })}
          </ol>
          <h3>Payload</h3>
          <pre className="code" data-testid="payload">
            {prettyJson(s.payload)}
          </pre>
        </>
      ) : null}
    </Dialog>
  );
}
