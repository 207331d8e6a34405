import { useId, useState } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, type Stats, withQuery } from '../api';
import { ErrorBox, Icon, Loading, useAsync } from '../components/ui';

const RANGES = [
  { value: '1h', label: 'Last hour', ms: 3_600_000 },
  { value: '24h', label: 'Last 24 hours', ms: 86_400_000 },
  { value: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
  { value: '30d', label: 'Last 30 days', ms: 30 * 86_400_000 },
] as const;

export const SERIES = [
  { key: 'succeeded', label: 'Succeeded', color: '#1f9d55' },
  { key: 'retrying', label: 'Retrying', color: '#d97706' },
  { key: 'failed', label: 'Failed', color: '#dc2626' },
  { key: 'pending', label: 'Pending', color: '#94a3b8' },
] as const;

function tickFormat(intervalMs: number) {
  return (value: string) => {
    const d = new Date(value);
    if (intervalMs >= 86_400_000) return d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
    if (intervalMs >= 6 * 3_600_000)
      return d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit' });
    return d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  };
}

/** Delivery outcomes per interval, for one webhook or the whole project, from the stats endpoint. */
export function OutcomeChart(props: {
  projectId: string;
  webhookId: string | undefined;
  webhookLabel: string;
  refreshKey: number;
}) {
  const [range, setRange] = useState<(typeof RANGES)[number]['value']>('24h');
  const rangeId = useId();
  const titleId = useId();
  const ms = RANGES.find((r) => r.value === range)!.ms;
  const stats = useAsync(() => {
    const now = Date.now();
    return api<Stats>(
      'GET',
      withQuery(`/projects/${props.projectId}/webhook-sendouts-stats`, {
        webhook_id: props.webhookId,
        'created_at[after]': new Date(now - ms).toISOString(),
        'created_at[before]': new Date(now + 1000).toISOString(),
      }),
    );
  }, [props.projectId, props.webhookId, ms, props.refreshKey]);

  const totals = SERIES.map((s) => ({
    ...s,
    n: (stats.data?.data ?? []).reduce((sum, b) => sum + b[s.key], 0),
  }));

  return (
    <section className="card" aria-labelledby={titleId}>
      <div className="card-head">
        <div>
          <h2 id={titleId}>Delivery outcomes</h2>
          <p className="muted small">{props.webhookLabel}: send-outs by current status, per interval.</p>
        </div>
        <div className="chart-controls">
          <label htmlFor={rangeId} className="small">
            Chart range
          </label>
          <select id={rangeId} value={range} onChange={(e) => setRange(e.target.value as typeof range)}>
            {RANGES.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
          <button type="button" className="icon-btn" aria-label="Refresh chart" onClick={stats.reload}>
            <Icon name="refresh" />
          </button>
        </div>
      </div>
      <ErrorBox error={stats.error} onRetry={stats.reload} />
      {!stats.data && !stats.error ? <Loading label="Loading the chart…" /> : null}
      {stats.data ? (
        <figure className="chart" aria-label={`Delivery outcomes chart, ${props.webhookLabel}`}>
          <div className="chart-box" data-testid="outcome-chart">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={stats.data.data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis
                  dataKey="start"
                  tickFormatter={tickFormat(stats.data.interval_ms)}
                  minTickGap={24}
                  fontSize={12}
                />
                <YAxis allowDecimals={false} fontSize={12} />
                <Tooltip labelFormatter={(v) => new Date(String(v)).toLocaleString()} />
                {SERIES.map((s) => (
                  <Bar
                    key={s.key}
                    dataKey={s.key}
                    name={s.label}
                    stackId="outcome"
                    fill={s.color}
                    isAnimationActive={false}
                  />
                ))}
              </BarChart>
            </ResponsiveContainer>
          </div>
          <figcaption className="chart-totals" data-testid="chart-totals">
            {totals.map((t) => (
              <span key={t.key}>
                <span className="swatch" style={{ background: t.color }} aria-hidden="true" />
                {t.label}: <strong>{t.n}</strong>
              </span>
            ))}
          </figcaption>
        </figure>
      ) : null}
    </section>
  );
}
