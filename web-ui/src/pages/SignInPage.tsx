import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import { checkToken, useSession } from '../auth/session';

/** Sign in with an API token; it is kept in this tab's session storage only. */
export function SignInPage() {
  const { signIn } = useSession();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const me = await checkToken(token.trim());
      signIn(token.trim(), me);
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? 'This token is unknown or revoked.' : (err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="sign-in">
      <form className="card sign-in-card" onSubmit={submit}>
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden>◎</span> Meridian
        </div>
        <p className="muted">Replication of images and charts across regions. Sign in with an API token.</p>
        <div className={`field ${error ? 'field-invalid' : ''}`}>
          <label htmlFor="token">API token</label>
          <input
            id="token"
            type="password"
            autoComplete="off"
            autoFocus
            data-testid="token-input"
            value={token}
            onChange={(e) => setToken(e.target.value)}
            placeholder="mrd_…"
          />
          <div className="hint">
            The first start writes the admin token to <code>$MERIDIAN_HOME/admin-token</code>. It stays in this tab only.
          </div>
          <div className="field-error" role={error ? 'alert' : undefined}>
            {error}
          </div>
        </div>
        <button type="submit" className="btn btn-primary" data-testid="sign-in" disabled={busy || !token.trim()}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </div>
  );
}
