// The account's environments: what uses each, create, rename, delete (refused while in use).
import { useState } from 'preact/hooks';
import { html } from './html.js';
import { api } from './api.js';
import { Async, ConfirmButton, ErrorBox, TableWrap, useAction, useAsync } from './ui.js';

export function Environments({ account, onAccountChanged }) {
  const data = useAsync(async () => {
    const [environments, gateways] = await Promise.all([api.environments(account.id), api.gateways(account.id)]);
    const apis = await Promise.all(environments.map((e) => api.apis(account.id, e.id)));
    return environments.map((e, i) => ({ ...e, gateways: gateways.filter((g) => g.environmentId === e.id).length, apis: apis[i].length }));
  }, [account.id]);
  const changed = async () => {
    await data.reload();
    await onAccountChanged?.();
  };
  return html`<section>
    <h1>Environments</h1>
    <p class="muted">Gateways serve the APIs of their environment. An environment can be deleted once no gateway or API uses it.</p>
    <${CreateEnvironment} account=${account} onCreated=${changed} />
    <${Async} result=${data} what="environments">
      ${(list) => html`<${TableWrap}><table class="environments" aria-label="Environments">
        <thead><tr><th>Name</th><th>Gateways</th><th>APIs</th><th></th></tr></thead>
        <tbody>
          ${list.map((e) => html`<${EnvironmentRow} key=${e.id} environment=${e} account=${account} onChanged=${changed} only=${list.length === 1} />`)}
        </tbody>
      </table></${TableWrap}>`}
    </${Async}>
  </section>`;
}

function CreateEnvironment({ account, onCreated }) {
  const [name, setName] = useState('');
  const [run, busy, error] = useAction();
  const submit = (e) => {
    e.preventDefault();
    return run(async () => {
      await api.createEnvironment(account.id, name.trim());
      setName('');
      await onCreated();
    });
  };
  return html`<form class="card form inline-form" onSubmit=${submit} aria-label="Create an environment">
    <label>New environment<input name="environmentName" required value=${name} onInput=${(e) => setName(e.currentTarget.value)} /></label>
    <button type="submit" disabled=${busy || !name.trim()}>${busy ? 'Creating…' : 'Create environment'}</button>
    ${error && html`<${ErrorBox} error=${error} />`}
  </form>`;
}

function EnvironmentRow({ environment, account, onChanged, only }) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(environment.name);
  const [run, busy, error] = useAction();
  const used = environment.gateways + environment.apis > 0;
  const rename = (e) => {
    e.preventDefault();
    return run(async () => {
      await api.renameEnvironment(account.id, environment.id, name.trim());
      setEditing(false);
      await onChanged();
    });
  };
  return html`<tr data-environment-id=${environment.id} aria-label=${`Environment ${environment.name}`}>
    <td>
      ${editing
        ? html`<form class="inline-form" onSubmit=${rename}>
            <input aria-label="Environment name" required value=${name} onInput=${(e) => setName(e.currentTarget.value)} />
            <button type="submit" disabled=${busy}>Save</button>
            <button type="button" class="secondary" onClick=${() => (setEditing(false), setName(environment.name))}>Cancel</button>
          </form>`
        : environment.name}
      ${error && html`<${ErrorBox} error=${error} />`}
    </td>
    <td class="num">${environment.gateways}</td>
    <td class="num">${environment.apis}</td>
    <td class="actions">
      ${!editing && html`<button type="button" class="secondary" onClick=${() => setEditing(true)}>Rename</button>`}
      <${ConfirmButton}
        label="Delete"
        confirmLabel="Confirm delete"
        disabled=${busy}
        onConfirm=${() => run(async () => (await api.deleteEnvironment(account.id, environment.id), await onChanged()))}
      />
      ${(used || only) && html`<small class="muted">${only ? 'the only environment' : 'in use'}</small>`}
    </td>
  </tr>`;
}
