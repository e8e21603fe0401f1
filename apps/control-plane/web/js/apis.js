// APIs of one environment: create, deploy, start/stop, delete; plans and API keys for api-key plans.
import { useState } from 'preact/hooks';
import { html } from './html.js';
import { api } from './api.js';
import { Async, ConfirmButton, Empty, ErrorBox, StatusBadge, formatTime, useAction, useAsync } from './ui.js';
import { EditApi } from './api-edit.js';
import { Subscriptions } from './subscriptions.js';
import { apiState } from './overview.js';

export function Apis({ account }) {
  const environments = account.environments ?? [];
  const [envId, setEnvId] = useState(environments[0]?.id);
  const apis = useAsync(() => api.apis(account.id, envId), [account.id, envId]);
  return html`<section>
    <div class="title-row">
      <h1>APIs</h1>
      <label class="inline">Environment
        <select name="environment" value=${envId} onChange=${(e) => setEnvId(e.currentTarget.value)}>
          ${environments.map((env) => html`<option value=${env.id}>${env.name}</option>`)}
        </select>
      </label>
    </div>
    <${CreateApi} account=${account} envId=${envId} onCreated=${apis.reload} />
    <${Async} result=${apis} what="APIs">
      ${(list) =>
        list.length === 0
          ? html`<${Empty}>No API in this environment yet. Create one above.</${Empty}>`
          : list.map((a) => html`<${ApiCard} key=${a.id} item=${a} account=${account} envId=${envId} onChanged=${apis.reload} />`)}
    </${Async}>
  </section>`;
}

function CreateApi({ account, envId, onCreated }) {
  const blank = { name: '', contextPath: '/', target: 'https://', keyless: true, apiKey: false, rateLimit: '', ratePeriod: '60' };
  const [form, setForm] = useState(blank);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const set = (field) => (e) => setForm({ ...form, [field]: e.currentTarget.type === 'checkbox' ? e.currentTarget.checked : e.currentTarget.value });
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    // An empty limit means no rate-limit policy; otherwise every plan gets it.
    const rateLimit = form.rateLimit.trim() === '' ? undefined : { limit: Number(form.rateLimit), periodSeconds: Number(form.ratePeriod) };
    const plans = [];
    if (form.keyless) plans.push({ name: 'Keyless', security: 'key-less', ...(rateLimit ? { rateLimit } : {}) });
    if (form.apiKey) plans.push({ name: 'API Key', security: 'api-key', ...(rateLimit ? { rateLimit } : {}) });
    try {
      await api.createApi(account.id, envId, { name: form.name.trim(), contextPath: form.contextPath.trim(), target: form.target.trim(), plans });
      setForm(blank);
      onCreated();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return html`<form class="card form" onSubmit=${submit} aria-labelledby="create-api">
    <h2 id="create-api">Create an API</h2>
    <div class="grid">
      <label>Name<input name="apiName" required value=${form.name} onInput=${set('name')} /></label>
      <label>Context path<input name="contextPath" required value=${form.contextPath} onInput=${set('contextPath')} /></label>
      <label>Target (backend URL)<input name="target" type="url" required value=${form.target} onInput=${set('target')} /></label>
    </div>
    <fieldset>
      <legend>Plans</legend>
      <label class="check"><input type="checkbox" name="keyless" checked=${form.keyless} onChange=${set('keyless')} /> Keyless</label>
      <label class="check"><input type="checkbox" name="apiKeyPlan" checked=${form.apiKey} onChange=${set('apiKey')} /> API Key</label>
      <label>Rate limit (requests, empty for none)<input name="rateLimit" type="number" min="1" step="1" value=${form.rateLimit} onInput=${set('rateLimit')} /></label>
      <label>per (seconds)<input name="ratePeriod" type="number" min="1" step="1" value=${form.ratePeriod} onInput=${set('ratePeriod')} /></label>
      ${form.rateLimit.trim() !== '' && html`<small class="note">${RATE_LIMIT_NOTE}</small>`}
    </fieldset>
    ${error && html`<${ErrorBox} error=${error} />`}
    <button type="submit" disabled=${busy || !envId || (!form.keyless && !form.apiKey)}>${busy ? 'Creating…' : 'Create API'}</button>
  </form>`;
}

/** Gateways count rate limits in their rate-limit repository; without one (`gravitee_ratelimit_type=none`) they do not enforce them. */
const RATE_LIMIT_NOTE =
  'Enforced only by gateways with a rate-limit repository (gravitee_ratelimit_type=redis); gateways started with gravitee_ratelimit_type=none, as the default install snippets do, do not enforce it.';

function ApiCard({ item, account, envId, onChanged }) {
  const [editing, setEditing] = useState(false);
  const [run, busy, error] = useAction();
  const act = (fn) => run(async () => (await fn(), await onChanged()));
  const action = (name) => () => act(() => api.apiAction(account.id, envId, item.id, name));
  const state = apiState(item);
  const deployed = item.deployed || Boolean(item.deployedAt);
  return html`<article class="card api" data-api-name=${item.name} aria-label=${`API ${item.name}`}>
    <header class="title-row">
      <h3>${item.name} <code>${item.contextPath}</code>
        ${item.hrid && html` <span class="badge" title="Declared through the Automation API (Terraform, the Kubernetes operator)">as code: ${item.hrid}</span>`}</h3>
      <span>
        <${StatusBadge} status=${state.toLowerCase()} />
        ${deployed ? html` <small class="muted">deployed ${formatTime(item.deployedAt)}</small>` : html` <small class="muted">not deployed</small>`}
      </span>
    </header>
    <p class="muted">→ <code>${item.target}</code></p>
    ${item.undeployedChanges &&
    html`<p class="notice" role="status" data-undeployed-changes>Edited since the last deploy: gateways still serve the deployed version until you <strong>Deploy</strong>.</p>`}
    <div class="actions">
      <button type="button" disabled=${busy} onClick=${action('deploy')}>Deploy</button>
      ${deployed && html`<button type="button" class="secondary" disabled=${busy} onClick=${action('undeploy')}>Undeploy</button>`}
      ${state === 'STARTED'
        ? html`<button type="button" class="secondary" disabled=${busy} onClick=${action('stop')}>Stop</button>`
        : html`<button type="button" class="secondary" disabled=${busy} onClick=${action('start')}>Start</button>`}
      ${!editing && html`<button type="button" class="secondary" disabled=${busy} onClick=${() => setEditing(true)}>Edit</button>`}
      <${ConfirmButton}
        label="Delete"
        confirmLabel="Confirm delete"
        question=${deployed ? 'Gateways stop serving it and its API keys.' : undefined}
        disabled=${busy}
        onConfirm=${() => act(() => api.deleteApi(account.id, envId, item.id))}
      />
    </div>
    ${error && html`<${ErrorBox} error=${error} />`}
    ${editing &&
    html`<${EditApi} item=${item} account=${account} envId=${envId} onCancel=${() => setEditing(false)} onSaved=${async () => (setEditing(false), await onChanged())} />`}
    <h4>Plans</h4>
    <ul class="plans">
      ${(item.plans ?? []).map(
        (plan) => html`<li data-plan=${plan.security}>
          ${plan.name} <span class="badge">${plan.security}</span>
          ${plan.rateLimit &&
          html` <small class="muted" data-rate-limit>${plan.rateLimit.limit} requests / ${plan.rateLimit.periodSeconds} s</small>
            <small class="note" data-rate-limit-note>${RATE_LIMIT_NOTE}</small>`}
        </li>`,
      )}
    </ul>
    <${Subscriptions} key=${item.plans.map((p) => p.id).join()} item=${item} account=${account} envId=${envId} />
  </article>`;
}
