import { useEffect, useState } from 'react';

/** A tiny history router: the dashboard has a handful of routes and needs no routing library. */

export const BASE = '/dashboard';

const CHANGE = 'vouchsafe:navigate';

/** Goes to `to`; going to the page already open adds no history entry, but its lists still load again. */
export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  const same = new URL(to, location.href).href === location.href;
  if (opts.replace || same) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  window.dispatchEvent(new Event(CHANGE));
  window.scrollTo?.(0, 0);
}

export interface Loc {
  path: string;
  query: URLSearchParams;
}

function current(): Loc {
  return { path: location.pathname.replace(/\/+$/, '') || '/', query: new URLSearchParams(location.search) };
}

export function useLocation(): Loc {
  const [loc, setLoc] = useState(current);
  useEffect(() => {
    const update = () => setLoc(current());
    window.addEventListener('popstate', update);
    window.addEventListener(CHANGE, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(CHANGE, update);
    };
  }, []);
  return loc;
}

/**
 * A number that grows on every navigation, also to the page already open, and whenever the window regains
 * focus. Lists put it among their `useAsync` deps, so that they show what the API has now: a webhook that the
 * dispatcher disabled, or a project made through the API, appears without reloading the page.
 */
export function useRefreshKey(): number {
  const [key, setKey] = useState(0);
  useEffect(() => {
    const bump = () => setKey((k) => k + 1);
    const onVisibility = () => {
      if (document.visibilityState === 'visible') bump();
    };
    window.addEventListener('popstate', bump);
    window.addEventListener(CHANGE, bump);
    window.addEventListener('focus', bump);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('popstate', bump);
      window.removeEventListener(CHANGE, bump);
      window.removeEventListener('focus', bump);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, []);
  return key;
}

export type Route =
  | { name: 'sign-in' }
  | { name: 'home' }
  | { name: 'webhooks'; projectId: string }
  | { name: 'webhook-new'; projectId: string }
  | { name: 'webhook-edit'; projectId: string; webhookId: string }
  | { name: 'audit-log'; projectId: string };

export function matchRoute(path: string): Route {
  const rest = path.startsWith(BASE) ? path.slice(BASE.length) : path;
  const parts = rest.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'sign-in') return { name: 'sign-in' };
  if (parts[0] === 'projects' && parts[1]) {
    const projectId = parts[1];
    if (parts[2] === 'webhooks' && parts[3] === 'new') return { name: 'webhook-new', projectId };
    if (parts[2] === 'webhooks' && parts[3]) return { name: 'webhook-edit', projectId, webhookId: parts[3] };
    if (parts[2] === 'audit-log') return { name: 'audit-log', projectId };
    return { name: 'webhooks', projectId };
  }
  return { name: 'home' };
}

export const paths = {
  signIn: (next?: string) => `${BASE}/sign-in${next ? `?next=${encodeURIComponent(next)}` : ''}`,
  webhooks: (p: string) => `${BASE}/projects/${encodeURIComponent(p)}/webhooks`,
  newWebhook: (p: string) => `${BASE}/projects/${encodeURIComponent(p)}/webhooks/new`,
  editWebhook: (p: string, id: string) =>
    `${BASE}/projects/${encodeURIComponent(p)}/webhooks/${encodeURIComponent(id)}`,
  auditLog: (p: string, q?: URLSearchParams) =>
    `${BASE}/projects/${encodeURIComponent(p)}/audit-log${q?.toString() ? `?${q}` : ''}`,
};

let flash: string | null = null;

/** A one-time message for the next page, such as "Webhook created". */
export function setFlash(message: string): void {
  flash = message;
}

export function takeFlash(): string | null {
  const m = flash;
  flash = null;
  return m;
}
