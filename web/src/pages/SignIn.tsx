import { type FormEvent, useState } from 'react';
import { api, type Session } from '../api';
import { ErrorBox } from '../components/ui';

/** Sign-in with a management key pair; the server answers with an httpOnly session cookie. */
export function SignIn({ onSignedIn }: { onSignedIn: (s: Session) => void }) {
  const [id, setId] = useState('');
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const session = await api<Session>('POST', '/session', {
        headers: { 'x-management-id': id.trim(), 'x-management-token': token.trim() },
        quietUnauthorized: true,
      });
      onSignedIn(session);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <form className="card sign-in-card" onSubmit={submit} aria-labelledby="sign-in-title">
        <div className="brand brand-large" aria-hidden="true">
          <span className="brand-mark">V</span> Vouchsafe
        </div>
        <h1 id="sign-in-title">Sign in</h1>
        <p className="muted">
          Use a management key pair. <code>vouchsafe start</code> prints the default one.
        </p>
        <div className="field">
          <label htmlFor="management-id">Management ID</label>
          <input
            id="management-id"
            name="management-id"
            autoComplete="username"
            required
            value={id}
            onChange={(e) => setId(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="management-token">Management token</label>
          <input
            id="management-token"
            name="management-token"
            type="password"
            autoComplete="current-password"
            required
            value={token}
            onChange={(e) => setToken(e.target.value)}
          />
        </div>
        <ErrorBox error={error} />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
