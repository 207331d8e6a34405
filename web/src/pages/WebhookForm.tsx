import { type FormEvent, useEffect, useId, useMemo, useState } from 'react';
import {
  api,
  type CatalogEntry,
  type Project,
  type TestSendResult,
  type Webhook,
  type WebhookIn,
} from '../api';
import { ErrorBox, Icon, Loading } from '../components/ui';
import { formatTime, prettyBody } from '../format';
import { navigate, paths, setFlash } from '../router';
import { type HeaderRow, headerRowProblems, targetUrlProblem } from '../rules';
import { EventPicker } from './EventPicker';
import { WEBHOOK_VERSION } from './WebhooksPage';

interface Row extends HeaderRow {
  key: number;
}

let rowKeys = 0;
const newRow = (name = '', value = ''): Row => ({ key: ++rowKeys, name, value });

/** Add or edit a webhook, in Voucherify's order of steps. */
export function WebhookForm(props: { project: Project; catalog: CatalogEntry[]; webhookId: string | null }) {
  const { project, webhookId } = props;
  const [loaded, setLoaded] = useState<Webhook | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);

  useEffect(() => {
    if (!webhookId) return;
    api<Webhook>('GET', `/projects/${project.id}/webhooks/${webhookId}`).then(setLoaded, setLoadError);
  }, [project.id, webhookId]);

  if (webhookId && loadError) return <ErrorBox error={loadError} />;
  if (webhookId && !loaded) return <Loading label="Loading the webhook…" />;
  return <FormBody {...props} initial={loaded} />;
}

function FormBody(props: { project: Project; catalog: CatalogEntry[]; initial: Webhook | null }) {
  const { project, catalog, initial } = props;
  const ids = {
    version: useId(),
    url: useId(),
    urlHelp: useId(),
    testType: useId(),
    rate: useId(),
    rateHelp: useId(),
  };
  const [targetUrl, setTargetUrl] = useState(initial?.target_url ?? '');
  const [urlTouched, setUrlTouched] = useState(false);
  const [active, setActive] = useState(initial?.active ?? true);
  const [allEvents, setAllEvents] = useState(initial?.all_events ?? false);
  const [events, setEvents] = useState<Set<string>>(() => new Set(initial?.events ?? []));
  const [filter, setFilter] = useState('');
  const [rows, setRows] = useState<Row[]>(() => {
    const h = Object.entries(initial?.headers ?? {}).map(([n, v]) => newRow(n, v));
    return h.length > 0 ? h : [];
  });
  const [rate, setRate] = useState(initial?.rate_limit == null ? '' : String(initial.rate_limit));
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const urlProblem = targetUrl === '' ? 'is required' : targetUrlProblem(targetUrl);
  const showUrlProblem = (urlTouched || submitted) && urlProblem !== null;
  const headerProblems = useMemo(() => headerRowProblems(rows), [rows]);
  const rateProblem =
    rate.trim() === '' || (/^[1-9]\d{0,4}$/.test(rate.trim()) && Number(rate) <= 10_000)
      ? null
      : 'must be a whole number from 1 to 10,000, or empty for no limit';
  const eventsProblem = !allEvents && events.size === 0 ? 'Select at least one event, or all events' : null;

  const headers = (): Record<string, string> =>
    Object.fromEntries(rows.filter((r) => r.name.trim() !== '').map((r) => [r.name.trim(), r.value]));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    setUrlTouched(true);
    if (urlProblem || headerProblems.size > 0 || eventsProblem || rateProblem) return;
    const body: WebhookIn = {
      target_url: targetUrl,
      // In the catalog's order, so the stored list reads like the form.
      events: allEvents ? [] : catalog.map((c) => c.type).filter((t) => events.has(t)),
      all_events: allEvents,
      active,
      headers: headers(),
      rate_limit: rate.trim() === '' ? null : Number(rate),
    };
    setBusy(true);
    setError(null);
    try {
      if (initial) {
        await api<Webhook>('PUT', `/projects/${project.id}/webhooks/${initial.id}`, { body });
        setFlash('Webhook updated');
      } else {
        await api<Webhook>('POST', `/projects/${project.id}/webhooks`, { body });
        setFlash('Webhook created');
      }
      navigate(paths.webhooks(project.id));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">
            <a
              href={paths.webhooks(project.id)}
              onClick={(e) => {
                e.preventDefault();
                navigate(paths.webhooks(project.id));
              }}
            >
              Project settings › General › Webhooks
            </a>
          </p>
          <h1>{initial ? 'Edit webhook' : 'Add new webhook'}</h1>
        </div>
      </div>
      {initial && !initial.active && initial.disabled_at ? (
        <p className="notice notice-warn">
          Disabled {formatTime(initial.disabled_at)}: {initial.disabled_reason ?? 'no reason recorded'}.
          Vouchsafe disables a webhook only when its endpoint is dead: a send-out failed its last retry and
          the endpoint answered no 2XX since that send-out’s first try. While a webhook is disabled by
          failures, its events are still recorded as failed send-outs (“webhook disabled”, no request made),
          so “Recover failed since…” in the audit log re-sends them all; a webhook a user switched off gets no
          send-outs. Tick “Is active?” and update to re-enable it.
        </p>
      ) : null}
      <form
        className="card form"
        onSubmit={submit}
        noValidate
        aria-label={initial ? 'Edit webhook' : 'Add new webhook'}
      >
        <ol className="steps">
          <li>
            <div className="field">
              <label htmlFor={ids.version}>Webhook version</label>
              <select id={ids.version} value={WEBHOOK_VERSION} onChange={() => {}}>
                <option value={WEBHOOK_VERSION}>{WEBHOOK_VERSION}</option>
              </select>
            </div>
          </li>
          <li>
            <div className="field">
              <label htmlFor={ids.url}>Target URL</label>
              <input
                id={ids.url}
                type="url"
                inputMode="url"
                placeholder="https://example.com/webhooks/vouchsafe"
                value={targetUrl}
                aria-invalid={showUrlProblem}
                aria-describedby={ids.urlHelp}
                onChange={(e) => {
                  setTargetUrl(e.target.value);
                  setUrlTouched(true);
                }}
              />
              <p id={ids.urlHelp} className={showUrlProblem ? 'field-error' : 'muted small'}>
                {showUrlProblem
                  ? `Target URL ${urlProblem}`
                  : 'An absolute http or https URL, up to 2,048 characters, without credentials.'}
              </p>
            </div>
          </li>
          <li>
            <label className="check check-strong">
              <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} />
              Is active?
            </label>
          </li>
          <li>
            <fieldset className="plain">
              <legend className="step-title">Events</legend>
              <EventPicker
                catalog={catalog}
                selected={events}
                onChange={setEvents}
                allEvents={allEvents}
                onAllEvents={setAllEvents}
                filter={filter}
                onFilter={setFilter}
                problem={submitted ? eventsProblem : null}
              />
            </fieldset>
          </li>
          <li>
            <HeadersEditor rows={rows} setRows={setRows} problems={headerProblems} />
          </li>
          <li>
            <div className="field">
              <label htmlFor={ids.rate}>Rate limit (deliveries per second)</label>
              <input
                id={ids.rate}
                type="text"
                inputMode="numeric"
                placeholder="No limit"
                value={rate}
                aria-invalid={submitted && rateProblem !== null}
                aria-describedby={ids.rateHelp}
                onChange={(e) => setRate(e.target.value)}
              />
              <p id={ids.rateHelp} className={submitted && rateProblem ? 'field-error' : 'muted small'}>
                {submitted && rateProblem
                  ? `Rate limit ${rateProblem}`
                  : 'Optional. Across all workers; send-outs beyond it wait their turn, which is not a failed try.'}
              </p>
            </div>
          </li>
          <li>
            <TestSend
              project={project}
              catalog={catalog}
              targetUrl={targetUrl}
              urlOk={urlProblem === null}
              headersOk={headerProblems.size === 0}
              headers={headers}
              preferredType={allEvents ? undefined : catalog.find((c) => events.has(c.type))?.type}
              selectId={ids.testType}
            />
          </li>
        </ol>
        <ErrorBox error={error} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={() => navigate(paths.webhooks(project.id))}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {initial ? 'Update endpoint' : 'Create endpoint'}
          </button>
        </div>
      </form>
    </>
  );
}

function HeadersEditor(props: { rows: Row[]; setRows: (r: Row[]) => void; problems: Map<number, string> }) {
  const { rows, setRows } = props;
  const update = (key: number, patch: Partial<HeaderRow>) =>
    setRows(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  return (
    <fieldset className="plain">
      <legend className="step-title">Custom headers</legend>
      <p className="muted small">
        Optional. Sent with every send-out, for example to authenticate Vouchsafe to your receiver. Names are
        unique; delivery owns <code>content-type</code>, <code>x-voucherify-signature</code> and{' '}
        <code>webhook-*</code>, and connection headers such as <code>expect</code> or <code>proxy-*</code>{' '}
        cannot be set.
      </p>
      {rows.map((r, i) => {
        const problem = props.problems.get(i);
        const errId = `header-error-${r.key}`;
        return (
          <div className="header-row" key={r.key}>
            <div className="field">
              <label htmlFor={`header-name-${r.key}`}>Header name {i + 1}</label>
              <input
                id={`header-name-${r.key}`}
                value={r.name}
                placeholder="X-Api-Key"
                aria-invalid={problem !== undefined}
                aria-describedby={problem ? errId : undefined}
                onChange={(e) => update(r.key, { name: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={`header-value-${r.key}`}>Header value {i + 1}</label>
              <input
                id={`header-value-${r.key}`}
                value={r.value}
                onChange={(e) => update(r.key, { value: e.target.value })}
              />
            </div>
            <button
              type="button"
              className="icon-btn icon-btn-danger"
              aria-label={`Remove header ${i + 1}`}
              onClick={() => setRows(rows.filter((x) => x.key !== r.key))}
            >
              <Icon name="trash" />
            </button>
            {problem ? (
              <p id={errId} className="field-error header-error" role="alert">
                {problem}
              </p>
            ) : null}
          </div>
        );
      })}
      <button type="button" className="btn btn-small" onClick={() => setRows([...rows, newRow()])}>
        <Icon name="plus" /> Add header
      </button>
    </fieldset>
  );
}

function TestSend(props: {
  project: Project;
  catalog: CatalogEntry[];
  targetUrl: string;
  urlOk: boolean;
  headersOk: boolean;
  headers: () => Record<string, string>;
  preferredType: string | undefined;
  selectId: string;
}) {
  const [type, setType] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TestSendResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const effectiveType = type || props.preferredType || 'voucher.published';
  const [sample, setSample] = useState<{ type: string; sample: unknown; fired: boolean } | null>(null);

  useEffect(() => {
    let live = true;
    api<{ type: string; sample: unknown; fired: boolean }>(
      'GET',
      `/webhook-events/${encodeURIComponent(effectiveType)}`,
    )
      .then((s) => live && setSample(s))
      .catch(() => live && setSample(null));
    return () => {
      live = false;
    };
  }, [effectiveType]);

  const send = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(
        await api<TestSendResult>('POST', `/projects/${props.project.id}/webhooks/test`, {
          body: { target_url: props.targetUrl, headers: props.headers(), type: effectiveType },
        }),
      );
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const ok = result?.status_code != null && result.status_code >= 200 && result.status_code < 300;
  return (
    <fieldset className="plain">
      <legend className="step-title">Send test webhook</legend>
      <p className="muted small">Optional. Posts a signed sample now; it is not queued and not retried.</p>
      <div className="test-row">
        <div className="field">
          <label htmlFor={props.selectId}>Test event</label>
          <select id={props.selectId} value={effectiveType} onChange={(e) => setType(e.target.value)}>
            {props.catalog.map((c) => (
              <option key={c.type} value={c.type}>
                {c.type}
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          className="btn"
          onClick={send}
          disabled={busy || !props.urlOk || !props.headersOk}
        >
          {busy ? 'Sending…' : 'Send test webhook'}
        </button>
      </div>
      {sample && sample.type === effectiveType ? (
        <details className="test-sample">
          <summary>
            Sample <code>data</code> it will send
            {sample.fired ? '' : ' (this server does not fire this type yet: the published example)'}
          </summary>
          <pre data-testid="test-sample">{JSON.stringify(sample.sample, null, 2)}</pre>
        </details>
      ) : null}
      {busy ? <Loading label="Sending the test webhook…" /> : null}
      <ErrorBox error={error} />
      {result ? (
        <div
          className={ok ? 'test-result test-ok' : 'test-result test-bad'}
          role="status"
          aria-label="Test result"
        >
          <dl className="kv">
            <dt>Status</dt>
            <dd data-testid="test-status">{result.status_code ?? 'no response'}</dd>
            <dt>Duration</dt>
            <dd>{result.duration_ms} ms</dd>
            {result.error ? (
              <>
                <dt>Error</dt>
                <dd>{result.error}</dd>
              </>
            ) : null}
          </dl>
          {result.error ? null : (
            <>
              <p className="small strong">Response body</p>
              <pre className="code code-small">{prettyBody(result.response_body)}</pre>
            </>
          )}
        </div>
      ) : null}
    </fieldset>
  );
}
