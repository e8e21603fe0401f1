import { useState } from 'preact/hooks';
import { html } from './html.js';
import { api } from './api.js';
import { ErrorBox } from './ui.js';

/** Creates a Cloud Account pinned to a region (its first environment is created with it). */
export function CreateAccount({ first, onCreated }) {
  const [name, setName] = useState('');
  const [region, setRegion] = useState('eu');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onCreated(await api.createAccount({ name: name.trim(), region }));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return html`<section>
    <h1>Create an account</h1>
    ${first && html`<p class="empty">There is no account yet. Create one to start deploying gateways.</p>`}
    <form class="card form" onSubmit=${submit}>
      <label>Account name
        <input name="accountName" required maxlength="100" value=${name} onInput=${(e) => setName(e.currentTarget.value)} />
      </label>
      <label>Region
        <select name="region" value=${region} onChange=${(e) => setRegion(e.currentTarget.value)}>
          <option value="eu">EU</option>
          <option value="us">US</option>
        </select>
      </label>
      ${error && html`<${ErrorBox} error=${error} />`}
      <button type="submit" disabled=${busy || !name.trim()}>${busy ? 'Creating…' : 'Create account'}</button>
    </form>
  </section>`;
}
