import { html } from './html.js';
import { api } from './api.js';
import { Async, Empty, StatusBadge, TableWrap, formatTime, useAsync } from './ui.js';

export const PLATFORM_LABELS = { docker: 'Docker', kubernetes: 'Kubernetes (Helm)', openshift: 'OpenShift', linux: 'Linux/Windows' };

/** The account's gateways, refreshed every few seconds so the status is live. */
export function Gateways({ account }) {
  const gateways = useAsync(() => api.gateways(account.id), [account.id], 5000);
  return html`<section>
    <div class="title-row">
      <h1>Gateways</h1>
      <a class="button" href="#/gateways/deploy">Deploy Gateway</a>
    </div>
    <${Async} result=${gateways} what="gateways">
      ${(list) => html`<${GatewayTable} gateways=${list} account=${account} />`}
    </${Async}>
  </section>`;
}

export function GatewayTable({ gateways, account }) {
  if (gateways.length === 0)
    return html`<${Empty}>No gateway yet. Use <strong>Deploy Gateway</strong> to connect a hybrid gateway.</${Empty}>`;
  const envName = (id) => account.environments?.find((e) => e.id === id)?.name ?? id;
  return html`<${TableWrap}><table class="gateways">
    <thead><tr><th>Name</th><th>Status</th><th>Platform</th><th>Environment</th><th>Access points</th><th>Instances</th><th>Last heartbeat</th></tr></thead>
    <tbody>
      ${gateways.map(
        (g) => html`<tr data-gateway-id=${g.id}>
          <td><a href=${`#/gateways/${g.id}`}>${g.name}</a></td>
          <td><${StatusBadge} status=${g.status} /></td>
          <td>${PLATFORM_LABELS[g.platform] ?? g.platform}</td>
          <td>${envName(g.environmentId)}</td>
          <td>${(g.accessPoints ?? []).join(', ') || '—'}</td>
          <td>${(g.instances ?? []).map((i) => html`<div>${i.hostname ?? i.nodeId} ${i.version ?? ''} <${StatusBadge} status=${i.status} /></div>`)}
            ${(g.instances ?? []).length === 0 && '—'}</td>
          <td>${formatTime(g.lastHeartbeatAt)}</td>
        </tr>`,
      )}
    </tbody>
  </table></${TableWrap}>`;
}
