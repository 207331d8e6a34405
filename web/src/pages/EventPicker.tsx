import { Fragment, useEffect, useId, useMemo, useRef } from 'react';
import type { CatalogEntry } from '../api';

/** Event selection by the catalog's groups: select-all per group, a filter, and "Send me all events". */
export function EventPicker(props: {
  catalog: CatalogEntry[];
  selected: ReadonlySet<string>;
  onChange: (next: Set<string>) => void;
  allEvents: boolean;
  onAllEvents: (all: boolean) => void;
  filter: string;
  onFilter: (f: string) => void;
  problem: string | null;
}) {
  const { catalog, selected } = props;
  const filterId = useId();
  const groups = useMemo(() => {
    const f = props.filter.trim().toLowerCase();
    const out = new Map<string, CatalogEntry[]>();
    for (const e of catalog) {
      if (
        f &&
        !e.type.toLowerCase().includes(f) &&
        !e.label.toLowerCase().includes(f) &&
        !e.group.toLowerCase().includes(f)
      )
        continue;
      out.set(e.group, [...(out.get(e.group) ?? []), e]);
    }
    return [...out];
  }, [catalog, props.filter]);

  const toggle = (types: string[], on: boolean) => {
    const next = new Set(selected);
    for (const t of types) {
      if (on) next.add(t);
      else next.delete(t);
    }
    props.onChange(next);
  };

  return (
    <div className="event-picker">
      <label className="check check-strong">
        <input
          type="checkbox"
          checked={props.allEvents}
          onChange={(e) => props.onAllEvents(e.target.checked)}
        />
        Send me all events
      </label>
      <p className="muted small">Includes event types added in later versions.</p>
      {props.allEvents ? null : (
        <>
          <div className="field field-inline">
            <label htmlFor={filterId}>Filter events</label>
            <input
              id={filterId}
              type="search"
              placeholder="e.g. customer or redemption"
              value={props.filter}
              onChange={(e) => props.onFilter(e.target.value)}
            />
            <span className="muted small" aria-live="polite">
              {selected.size} of {catalog.length} selected
            </span>
          </div>
          {groups.length === 0 ? <p className="empty">No event matches “{props.filter}”.</p> : null}
          <div className="event-groups">
            {groups.map(([group, entries]) => (
              <EventGroup key={group} group={group} entries={entries} selected={selected} onToggle={toggle} />
            ))}
          </div>
        </>
      )}
      {props.problem ? (
        <p className="field-error" role="alert">
          {props.problem}
        </p>
      ) : null}
    </div>
  );
}

function EventGroup(props: {
  group: string;
  entries: CatalogEntry[];
  selected: ReadonlySet<string>;
  onToggle: (types: string[], on: boolean) => void;
}) {
  const types = props.entries.map((e) => e.type);
  const count = types.filter((t) => props.selected.has(t)).length;
  const all = count === types.length;
  const box = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (box.current) box.current.indeterminate = count > 0 && !all;
  }, [count, all]);
  return (
    <fieldset className="event-group">
      <legend>
        <label className="check">
          <input
            ref={box}
            type="checkbox"
            checked={all}
            aria-label={`Select all ${props.group} events`}
            onChange={(e) => props.onToggle(types, e.target.checked)}
          />
          <span className="group-name">{props.group}</span>
          <span className="muted small">
            {count}/{types.length}
          </span>
        </label>
      </legend>
      {props.entries.map((e) => (
        <label key={e.type} className="check event">
          <input
            type="checkbox"
            checked={props.selected.has(e.type)}
            onChange={(ev) => props.onToggle([e.type], ev.target.checked)}
          />
          <span className="event-text">
            <span className="mono break">{breakAtDots(e.type)}</span>
            <span className="muted small">{e.label}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

/** Lets a long type such as `voucher.loyalty_card.pending_points.activated` wrap after its dots. */
function breakAtDots(type: string) {
  return type.split('.').map((part, i) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed string never move.
    <Fragment key={i}>
      {i > 0 ? (
        <>
          .<wbr />
        </>
      ) : null}
      {part}
    </Fragment>
  ));
}
