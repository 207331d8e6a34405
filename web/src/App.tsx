import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, onUnauthorized, type Session, setCsrfToken } from './api';
import { ErrorBox, Loading } from './components/ui';
import { Shell } from './Shell';
import { SignIn } from './pages/SignIn';
import { matchRoute, navigate, paths, useLocation } from './router';

type Auth =
  | { state: 'checking' }
  | { state: 'out' }
  | { state: 'in'; session: Session }
  | { state: 'error'; error: unknown };

/** Resumes the session from its cookie, or sends the visitor to sign-in, whatever page they asked for. */
export function App() {
  const loc = useLocation();
  const route = matchRoute(loc.path);
  const [auth, setAuth] = useState<Auth>({ state: 'checking' });

  const check = useCallback(async () => {
    try {
      const session = await api<Session>('GET', '/session', { quietUnauthorized: true });
      setCsrfToken(session.csrf_token);
      setAuth({ state: 'in', session });
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setAuth({ state: 'out' });
      else setAuth({ state: 'error', error: e });
    }
  }, []);

  useEffect(() => {
    void check();
  }, [check]);
  useEffect(
    () =>
      onUnauthorized(() => {
        setCsrfToken(null);
        setAuth({ state: 'out' });
      }),
    [],
  );

  useEffect(() => {
    if (auth.state === 'out' && route.name !== 'sign-in') {
      const here = location.pathname + location.search;
      navigate(paths.signIn(route.name === 'home' ? undefined : here), { replace: true });
    }
  }, [auth.state, route.name]);

  if (auth.state === 'checking') return <Loading label="Checking your session…" />;
  if (auth.state === 'error')
    return (
      <main className="centered">
        <ErrorBox error={auth.error} onRetry={check} />
      </main>
    );
  if (auth.state === 'out' || route.name === 'sign-in') {
    if (auth.state === 'in') {
      navigate(safeNext(loc.query.get('next')), { replace: true });
      return null;
    }
    return (
      <SignIn
        onSignedIn={(session) => {
          setCsrfToken(session.csrf_token);
          setAuth({ state: 'in', session });
        }}
      />
    );
  }
  return (
    <Shell
      route={route}
      session={auth.session}
      onSignedOut={() => {
        setCsrfToken(null);
        setAuth({ state: 'out' });
        navigate(paths.signIn(), { replace: true });
      }}
    />
  );
}

/** Only a path of this dashboard: never another origin. */
function safeNext(next: string | null): string {
  return next && /^\/dashboard(\/|$)/.test(next) && !next.startsWith('//') ? next : '/dashboard';
}
