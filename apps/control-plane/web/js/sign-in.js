import { useState } from 'preact/hooks';
import { html } from './html.js';
import { api } from './api.js';

/** Asks for the admin token and checks it against the API before keeping it. */
export function SignIn({ onSignedIn }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.verify(token.trim());
      onSignedIn(token.trim());
    } catch (err) {
      setError(err.status === 401 ? 'This admin token is not valid.' : err.message);
      setBusy(false);
    }
  };
  return html`<main class="sign-in">
    <form onSubmit=${submit} class="card">
      <h1>Sign in</h1>
      <p>Use the control plane's admin token (<code>ADMIN_TOKEN</code>, or the one printed at first start).</p>
      <label>Admin token
        <input type="password" name="token" autocomplete="current-password" required value=${token}
          onInput=${(e) => setToken(e.currentTarget.value)} />
      </label>
      ${error && html`<p class="error" role="alert">${error}</p>`}
      <button type="submit" disabled=${busy || !token.trim()}>${busy ? 'Signing in…' : 'Sign in'}</button>
    </form>
  </main>`;
}
