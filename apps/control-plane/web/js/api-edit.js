// Editing an API: name, context path, target and its plans (kept by id, added, removed).
import { useState } from 'preact/hooks';
import { html } from './html.js';
import { api } from './api.js';
import { ErrorBox, useAction } from './ui.js';

const formPlan = (p) => ({
  id: p.id,
  name: p.name,
  security: p.security,
  rateLimit: p.rateLimit ? String(p.rateLimit.limit) : '',
  ratePeriod: p.rateLimit ? String(p.rateLimit.periodSeconds) : '60',
});

/** The plan as the API takes it: an empty limit is no rate limit. */
const planBody = (p) => ({
  ...(p.id ? { id: p.id } : {}),
  name: p.name.trim(),
  security: p.security,
  ...(p.rateLimit.trim() === '' ? {} : { rateLimit: { limit: Number(p.rateLimit), periodSeconds: Number(p.ratePeriod) } }),
});

export function EditApi({ item, account, envId, onSaved, onCancel }) {
  const [form, setForm] = useState({ name: item.name, contextPath: item.contextPath, target: item.target });
  const [plans, setPlans] = useState(item.plans.map(formPlan));
  const [run, busy, error] = useAction();
  const field = (name) => (e) => setForm({ ...form, [name]: e.currentTarget.value });
  const planField = (i, name) => (e) => setPlans(plans.map((p, j) => (j === i ? { ...p, [name]: e.currentTarget.value } : p)));
  const save = (e) => {
    e.preventDefault();
    return run(async () => {
      await api.updateApi(account.id, envId, item.id, {
        name: form.name.trim(),
        contextPath: form.contextPath.trim(),
        target: form.target.trim(),
        plans: plans.map(planBody),
      });
      await onSaved();
    });
  };
  return html`<form class="form edit-api" onSubmit=${save} aria-label=${`Edit ${item.name}`}>
    <div class="grid">
      <label>Name<input name="editName" required value=${form.name} onInput=${field('name')} /></label>
      <label>Context path<input name="editContextPath" required value=${form.contextPath} onInput=${field('contextPath')} /></label>
      <label>Target (backend URL)<input name="editTarget" required value=${form.target} onInput=${field('target')} /></label>
    </div>
    <fieldset>
      <legend>Plans</legend>
      ${plans.map(
        (p, i) => html`<div class="plan-row" role="group" aria-label=${`Plan ${i + 1}`}>
          <label>Plan name<input required value=${p.name} onInput=${planField(i, 'name')} /></label>
          <label>Security
            <select value=${p.security} onChange=${planField(i, 'security')}>
              <option value="key-less">Keyless</option>
              <option value="api-key">API Key</option>
            </select>
          </label>
          <label>Rate limit<input type="number" min="1" step="1" value=${p.rateLimit} placeholder="none" onInput=${planField(i, 'rateLimit')} /></label>
          <label>per (s)<input type="number" min="1" step="1" value=${p.ratePeriod} onInput=${planField(i, 'ratePeriod')} /></label>
          <button type="button" class="secondary" disabled=${plans.length === 1} onClick=${() => setPlans(plans.filter((_, j) => j !== i))}>Remove plan</button>
        </div>`,
      )}
      <button type="button" class="secondary" onClick=${() => setPlans([...plans, formPlan({ name: 'New plan', security: 'key-less' })])}>Add plan</button>
    </fieldset>
    <p class="muted">Saved changes reach gateways at the next deploy.</p>
    ${error && html`<${ErrorBox} error=${error} />`}
    <div class="actions">
      <button type="submit" disabled=${busy}>${busy ? 'Saving…' : 'Save changes'}</button>
      <button type="button" class="secondary" onClick=${onCancel}>Cancel</button>
    </div>
  </form>`;
}
