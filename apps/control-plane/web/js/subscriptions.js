// An API's subscriptions with their API keys: issue a key on an api-key plan, close a subscription.
import { html } from './html.js';
import { api } from './api.js';
import { Async, ConfirmButton, CopyButton, ErrorBox, TableWrap, formatTime, useAction, useAsync } from './ui.js';

export function Subscriptions({ item, account, envId }) {
  const list = useAsync(() => api.subscriptions(account.id, envId, item.id), [account.id, envId, item.id]);
  const [run, busy, error] = useAction();
  const keyPlans = (item.plans ?? []).filter((p) => p.security === 'api-key');
  if (keyPlans.length === 0 && (list.data ?? []).length === 0) return null;
  const subscribe = (plan) => run(async () => (await api.subscribe(account.id, envId, item.id, plan.id), await list.reload()));
  const close = (s) => run(async () => (await api.closeSubscription(account.id, envId, item.id, s.id), await list.reload()));
  return html`<div class="subscriptions">
    <h4>Subscriptions</h4>
    <div class="actions">
      ${keyPlans.map(
        (plan) => html`<button type="button" class="secondary" disabled=${busy} onClick=${() => subscribe(plan)}>
          ${keyPlans.length === 1 ? 'Create API key' : `Create API key (${plan.name})`}
        </button>`,
      )}
    </div>
    ${error && html`<${ErrorBox} error=${error} />`}
    <${Async} result=${list} what="subscriptions">
      ${(subs) =>
        subs.length === 0
          ? html`<p class="muted">No subscription yet.</p>`
          : html`<${TableWrap}><table aria-label=${`Subscriptions of ${item.name}`}>
              <thead><tr><th>API key</th><th>Plan</th><th>Status</th><th>Created</th><th></th></tr></thead>
              <tbody>
                ${subs.map(
                  (s) => html`<tr data-subscription-id=${s.id} data-status=${s.status}>
                    <td class="api-key">${s.apiKey ? html`<code>${s.apiKey}</code> <${CopyButton} text=${s.apiKey} label="API key" />` : '—'}</td>
                    <td>${s.planName ?? html`<span class="muted">removed plan</span>`}</td>
                    <td><span class=${`badge badge-${s.status === 'ACCEPTED' ? 'connected' : 'stopped'}`}>
                      ${s.status === 'ACCEPTED' ? 'active' : s.status.toLowerCase()}${s.apiKeyRevoked ? ', key revoked' : ''}
                    </span></td>
                    <td>${formatTime(s.createdAt)}</td>
                    <td>${s.status !== 'CLOSED' &&
                    html`<${ConfirmButton} label="Close" confirmLabel="Confirm close" question="Gateways will refuse this key." disabled=${busy} onConfirm=${() => close(s)} />`}</td>
                  </tr>`,
                )}
              </tbody>
            </table></${TableWrap}>`}
    </${Async}>
  </div>`;
}
