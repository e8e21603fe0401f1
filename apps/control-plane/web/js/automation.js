// Automation tokens (SPEC §10): for the Terraform provider, the Kubernetes operator and scripts.
// A token is shown once, when it is issued or rotated; the list never holds it.
import { useState } from 'preact/hooks';
import { html } from './html.js';
import { api } from './api.js';
import { Async, CopyButton, Empty, ErrorBox, StatusBadge, TableWrap, formatTime, useAsync } from './ui.js';

export function Automation({ account }) {
  const tokens = useAsync(() => api.automationTokens(account.id), [account.id]);
  const [issued, setIssued] = useState(null);
  const shown = (token) => (setIssued(token), tokens.reload());
  return html`<section>
    <h1>Automation</h1>
    <p class="muted">An automation token lets Gravitee's Terraform provider, its Kubernetes operator or your scripts manage this
      account's APIs, applications and subscriptions through the Cloud Gate, and call this control plane's API for this account only.</p>
    ${issued && html`<${IssuedToken} token=${issued} onDone=${() => setIssued(null)} />`}
    <${CreateToken} account=${account} onIssued=${shown} />
    <${Async} result=${tokens} what="automation tokens">
      ${(list) => html`<${TokenTable} tokens=${list} account=${account} onIssued=${shown} onChanged=${tokens.reload} />`}
    </${Async}>
  </section>`;
}

function CreateToken({ account, onIssued }) {
  const environments = account.environments ?? [];
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState(() => new Set(environments.map((e) => e.id)));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const toggle = (id) => (e) => {
    const next = new Set(chosen);
    if (e.currentTarget.checked) next.add(id);
    else next.delete(id);
    setChosen(next);
  };
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const all = chosen.size === environments.length;
      onIssued(await api.createAutomationToken(account.id, { name: name.trim(), ...(all ? {} : { environmentIds: [...chosen] }) }));
      setName('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return html`<form class="card form" onSubmit=${submit} aria-labelledby="new-token">
    <h2 id="new-token">New token</h2>
    <label>Token name<input name="tokenName" required maxlength="200" placeholder="terraform-ci" value=${name} onInput=${(e) => setName(e.currentTarget.value)} /></label>
    <fieldset>
      <legend>Environments</legend>
      ${environments.map((env) => html`<label class="check"><input type="checkbox" name="environment" value=${env.id} checked=${chosen.has(env.id)} onChange=${toggle(env.id)} /> ${env.name}</label>`)}
    </fieldset>
    ${error && html`<${ErrorBox} error=${error} />`}
    <button type="submit" disabled=${busy || !name.trim() || chosen.size === 0}>${busy ? 'Issuing…' : 'Issue token'}</button>
  </form>`;
}

function IssuedToken({ token, onDone }) {
  const terraform = `provider "apim" {\n  cloud_auth = "${token.cloudToken}"\n  server_url = "${token.automationApiUrl}"\n}`;
  return html`<div class="card form" role="region" aria-label="Issued token">
    <h2>Token ${token.name}</h2>
    <p><strong>Copy it now: it is shown only once.</strong></p>
    <div class="secret">
      <label for="automation-token">Automation token</label>
      <div class="secret-row">
        <textarea id="automation-token" readonly rows="3" value=${token.cloudToken}></textarea>
        <${CopyButton} text=${token.cloudToken} label="automation token" />
      </div>
    </div>
    <p>Automation API: <code>${token.automationApiUrl}</code></p>
    <div class="snippet">
      <pre id="terraform-provider" aria-label="Terraform provider settings">${terraform}</pre>
      <${CopyButton} text=${terraform} label="Terraform provider settings" />
    </div>
    <div class="actions"><button type="button" onClick=${onDone}>Done</button></div>
  </div>`;
}

function TokenTable({ tokens, account, onIssued, onChanged }) {
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  if (tokens.length === 0) return html`<${Empty}>No automation token yet.</${Empty}>`;
  const envName = (id) => account.environments?.find((e) => e.id === id)?.name ?? id;
  const act = async (fn) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      await onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return html`${error && html`<${ErrorBox} error=${error} />`}
    <${TableWrap}><table class="tokens">
      <thead><tr><th>Name</th><th>Environments</th><th>Issued</th><th>Expires</th><th>Status</th><th></th></tr></thead>
      <tbody>
        ${tokens.map(
          (t) => html`<tr data-jti=${t.jti} aria-label=${`Token ${t.name}`}>
            <td>${t.name}</td>
            <td>${t.environmentIds.map(envName).join(', ')}</td>
            <td>${formatTime(t.issuedAt)}</td>
            <td>${formatTime(t.expiresAt)}</td>
            <td><${StatusBadge} status=${t.revoked ? 'revoked' : 'active'} /></td>
            <td>${!t.revoked &&
            html`<button type="button" class="secondary" disabled=${busy} onClick=${() => act(async () => onIssued(await api.rotateAutomationToken(account.id, t.jti)))}>Rotate</button>
              <button type="button" class="danger" disabled=${busy} onClick=${() => act(() => api.revokeToken(account.id, t.jti))}>Revoke</button>`}</td>
          </tr>`,
        )}
      </tbody>
    </table></${TableWrap}>`;
}
