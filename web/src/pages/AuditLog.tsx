import { useEffect, useId, useMemo, useState } from 'react';
import {
  api,
  type CatalogEntry,
  type List,
  type Project,
  type Sendout,
  type SendoutPage,
  type SendoutStatus,
  type Webhook,
  withQuery,
} from '../api';
import { ActionsMenu, ConfirmDialog, ErrorBox, Icon, Loading, Notice, useAsync } from '../components/ui';
import {
  failureReasonText,
  formatShortTime,
  formatTime,
  fromLocalInput,
  STATUS_LABELS,
  toLocalInput,
} from '../format';
import { navigate, paths, useLocation, useRefreshKey } from '../router';
import { OutcomeChart } from './OutcomeChart';
import { SendoutData } from './SendoutData';

const PAGE_SIZE = 25;
const STATUSES: SendoutStatus[] = ['pending', 'in_flight', 'retrying', 'succeeded', 'failed'];
const POLL_MS = 2000;

interface Filters {
  webhook_id: string;
  type: string;
  status: string;
  after: string;
  before: string;
}

function filtersOf(q: URLSearchParams): Filters {
  return {
    webhook_id: q.get('webhook_id') ?? '',
    type: q.get('type') ?? '',
    status: q.get('status') ?? '',
    after: q.get('after') ?? '',
    before: q.get('before') ?? '',
  };
}

/** Audit log → Webhook send-outs: chart, filters, the newest-first table with paging, and per-row actions. */
export function AuditLog({ project, catalog }: { project: Project; catalog: CatalogEntry[] }) {
  const loc = useLocation();
  const filters = filtersOf(loc.query);
  const filterKey = JSON.stringify(filters);
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [tick, setTick] = useState(0);
  const [showing, setShowing] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [recovering, setRecovering] = useState<Webhook | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [watchUntil, setWatchUntil] = useState(0);
  const refreshKey = useRefreshKey();

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new filter starts again at the first page.
  useEffect(() => setCursors([undefined]), [filterKey]);

  const hooks = useAsync(
    () => api<List<Webhook>>('GET', `/projects/${project.id}/webhooks`),
    [project.id, tick, refreshKey],
  );
  const cursor = cursors[cursors.length - 1];
  const page = useAsync(
    () =>
      api<SendoutPage>(
        'GET',
        withQuery(`/projects/${project.id}/webhook-sendouts`, {
          webhook_id: filters.webhook_id,
          type: filters.type,
          status: filters.status,
          'created_at[after]': filters.after,
          'created_at[before]': filters.before,
          starting_after: cursor,
          limit: PAGE_SIZE,
        }),
      ),
    [project.id, filterKey, cursor, tick, refreshKey],
  );

  // Poll while something is on its way, so that outcomes show up without a manual refresh.
  const busyRows = (page.data?.data ?? []).some((s) => s.status === 'pending' || s.status === 'in_flight');
  useEffect(() => {
    if (!page.data || (!busyRows && Date.now() > watchUntil)) return;
    const t = setTimeout(() => setTick((n) => n + 1), POLL_MS);
    return () => clearTimeout(t);
  }, [busyRows, watchUntil, page.data]);

  const retry = async (s: Sendout) => {
    setActionError(null);
    try {
      await api('POST', `/projects/${project.id}/webhook-sendouts/${s.id}/retry`);
      setNotice(`Retry of ${s.id} queued`);
      setWatchUntil(Date.now() + 15_000);
      setTick((n) => n + 1);
    } catch (e) {
      setActionError(e);
    }
  };

  const setFilter = (patch: Partial<Filters>) => {
    const next = { ...filters, ...patch };
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(next)) if (v) q.set(k, v);
    navigate(paths.auditLog(project.id, q), { replace: true });
  };

  const webhookById = useMemo(() => new Map((hooks.data?.data ?? []).map((w) => [w.id, w])), [hooks.data]);
  const disabled = (hooks.data?.data ?? []).filter(
    (w) => !w.active && (!filters.webhook_id || w.id === filters.webhook_id),
  );
  const chartWebhook = filters.webhook_id ? webhookById.get(filters.webhook_id) : undefined;

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Audit log</h1>
        </div>
        <button type="button" className="btn" onClick={() => setTick((n) => n + 1)}>
          <Icon name="refresh" /> Refresh
        </button>
      </div>
      <div role="tablist" aria-label="Audit log" className="tabs">
        <button type="button" role="tab" aria-selected="true" className="tab tab-active">
          Webhook send-outs
        </button>
      </div>
      {notice ? <Notice>{notice}</Notice> : null}
      <ErrorBox error={actionError} />
      {disabled.map((w) => (
        <div key={w.id} className="notice notice-warn disabled-banner">
          <span>
            <strong>Disabled webhook</strong> <span className="mono break">{w.target_url}</span> since{' '}
            {formatTime(w.disabled_at)}
            {w.disabled_reason ? `: ${w.disabled_reason}` : ''}.
          </span>
          <button type="button" className="btn btn-small" onClick={() => setRecovering(w)}>
            Recover failed since…
          </button>
        </div>
      ))}

      <OutcomeChart
        projectId={project.id}
        webhookId={filters.webhook_id || undefined}
        webhookLabel={chartWebhook ? chartWebhook.target_url : 'All webhooks of the project'}
        refreshKey={tick + refreshKey}
      />

      <section className="card" aria-label="Send-outs">
        <FilterBar
          filters={filters}
          setFilter={setFilter}
          webhooks={hooks.data?.data ?? []}
          catalog={catalog}
          onReset={() => navigate(paths.auditLog(project.id), { replace: true })}
        />
        <ErrorBox error={page.error} onRetry={page.reload} />
        {!page.data && !page.error ? <Loading label="Loading send-outs…" /> : null}
        {page.data && page.data.data.length === 0 ? <p className="empty">No send-outs match.</p> : null}
        {page.data && page.data.data.length > 0 ? (
          <SendoutTable
            rows={page.data.data}
            webhookById={webhookById}
            onShow={(s) => setShowing(s.id)}
            onRetry={retry}
          />
        ) : null}
        <div className="pager">
          <button
            type="button"
            className="btn btn-small"
            disabled={cursors.length <= 1}
            onClick={() => setCursors((c) => c.slice(0, -1))}
          >
            Previous page
          </button>
          <span className="muted small">Page {cursors.length}</span>
          <button
            type="button"
            className="btn btn-small"
            disabled={!page.data?.has_more}
            onClick={() => {
              const next = page.data?.more_starting_after;
              if (next) setCursors((c) => [...c, next]);
            }}
          >
            Next page
          </button>
        </div>
      </section>

      {showing ? (
        <SendoutData projectId={project.id} sendoutId={showing} onClose={() => setShowing(null)} />
      ) : null}
      {recovering ? (
        <RecoverDialog
          projectId={project.id}
          webhook={recovering}
          onClose={() => setRecovering(null)}
          onDone={(n) => {
            setNotice(`Webhook re-enabled; ${n} failed ${n === 1 ? 'send-out' : 'send-outs'} queued again`);
            setWatchUntil(Date.now() + 15_000);
            setTick((t) => t + 1);
          }}
        />
      ) : null}
    </>
  );
}

function FilterBar(props: {
  filters: Filters;
  setFilter: (p: Partial<Filters>) => void;
  webhooks: Webhook[];
  catalog: CatalogEntry[];
  onReset: () => void;
}) {
  const { filters, setFilter } = props;
  const id = useId();
  const groups = useMemo(() => {
    const m = new Map<string, CatalogEntry[]>();
    for (const c of props.catalog) m.set(c.group, [...(m.get(c.group) ?? []), c]);
    return [...m];
  }, [props.catalog]);
  return (
    <form className="filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
      <div className="field">
        <label htmlFor={`${id}-webhook`}>Webhook</label>
        <select
          id={`${id}-webhook`}
          value={filters.webhook_id}
          onChange={(e) => setFilter({ webhook_id: e.target.value })}
        >
          <option value="">All webhooks</option>
          {props.webhooks.map((w) => (
            <option key={w.id} value={w.id}>
              {w.target_url}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-type`}>Type</label>
        <select id={`${id}-type`} value={filters.type} onChange={(e) => setFilter({ type: e.target.value })}>
          <option value="">All types</option>
          {groups.map(([group, entries]) => (
            <optgroup key={group} label={group}>
              {entries.map((c) => (
                <option key={c.type} value={c.type}>
                  {c.type}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-status`}>Status</label>
        <select
          id={`${id}-status`}
          value={filters.status}
          onChange={(e) => setFilter({ status: e.target.value })}
        >
          <option value="">All statuses</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-after`}>From</label>
        <input
          id={`${id}-after`}
          type="datetime-local"
          value={filters.after ? toLocalInput(Date.parse(filters.after)) : ''}
          onChange={(e) => setFilter({ after: fromLocalInput(e.target.value) ?? '' })}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-before`}>To</label>
        <input
          id={`${id}-before`}
          type="datetime-local"
          value={filters.before ? toLocalInput(Date.parse(filters.before)) : ''}
          onChange={(e) => setFilter({ before: fromLocalInput(e.target.value) ?? '' })}
        />
      </div>
      <button type="button" className="btn btn-small filters-reset" onClick={props.onReset}>
        Reset filters
      </button>
    </form>
  );
}

function SendoutTable(props: {
  rows: Sendout[];
  webhookById: Map<string, Webhook>;
  onShow: (s: Sendout) => void;
  onRetry: (s: Sendout) => void;
}) {
  return (
    <div className="table-scroll">
      <table className="table responsive sendouts">
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Webhook type</th>
            <th scope="col">Send-out id</th>
            <th scope="col">Source</th>
            <th scope="col">Target URL</th>
            <th scope="col">Request id</th>
            <th scope="col">Event created at</th>
            <th scope="col">Executed at</th>
            <th scope="col">Attempts</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((s) => (
            <tr key={s.id} data-sendout-id={s.id}>
              <td data-label="Status">
                <span className={`badge badge-${s.status}`} title={failureReasonText(s.failure_reason)}>
                  {STATUS_LABELS[s.status] ?? s.status}
                </span>
              </td>
              <td data-label="Webhook type" className="mono">
                {s.type}
              </td>
              <td data-label="Send-out id" className="mono small id-cell">
                {s.id}
              </td>
              <td data-label="Source" className="mono small id-cell">
                {props.webhookById.has(s.webhook_id) ? s.webhook_id : `${s.webhook_id} (deleted)`}
              </td>
              <td data-label="Target URL" className="mono small break">
                {s.target_url}
              </td>
              <td data-label="Request id" className="mono small id-cell">
                {s.request_id ?? '—'}
              </td>
              <td data-label="Event created at">{formatShortTime(s.event_created_at)}</td>
              <td data-label="Executed at">{formatShortTime(s.executed_at)}</td>
              <td data-label="Attempts" data-testid="attempts">
                {s.attempts_count}
              </td>
              <td className="row-actions">
                <ActionsMenu
                  items={[
                    { label: 'Show data', onSelect: () => props.onShow(s) },
                    ...(s.status === 'failed' ? [{ label: 'Retry', onSelect: () => props.onRetry(s) }] : []),
                  ]}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RecoverDialog(props: {
  projectId: string;
  webhook: Webhook;
  onClose: () => void;
  onDone: (n: number) => void;
}) {
  const disabledAt = props.webhook.disabled_at ? Date.parse(props.webhook.disabled_at) : Date.now();
  const [since, setSince] = useState(toLocalInput(disabledAt - 86_400_000));
  const inputId = useId();
  return (
    <ConfirmDialog
      title="Recover failed send-outs"
      confirmLabel="Recover"
      onClose={props.onClose}
      onConfirm={async () => {
        const iso = fromLocalInput(since);
        if (!iso) throw new Error('Choose a valid time');
        const r = await api<{ requeued: number }>(
          'POST',
          `/projects/${props.projectId}/webhooks/${props.webhook.id}/recover`,
          { body: { since: iso } },
        );
        props.onDone(r.requeued);
      }}
    >
      <p>
        Re-enables <span className="mono break">{props.webhook.target_url}</span> and queues again its failed
        send-outs created since the time below, each with a fresh retry schedule.
      </p>
      <div className="field">
        <label htmlFor={inputId}>Failed since</label>
        <input id={inputId} type="datetime-local" value={since} onChange={(e) => setSince(e.target.value)} />
      </div>
    </ConfirmDialog>
  );
}
