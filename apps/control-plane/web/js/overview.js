import { html } from './html.js';
import { api } from './api.js';
import { Async, Empty, StatusBadge, useAsync } from './ui.js';
import { GatewayTable } from './gateways.js';

const RATE_WINDOW_MS = 5 * 60_000;

/** Loads every environment's APIs of an account, tagged with their environment. */
export async function allApis(account) {
  const perEnv = await Promise.all(
    (account.environments ?? []).map(async (env) => (await api.apis(account.id, env.id)).map((a) => ({ ...a, environment: env }))),
  );
  return perEnv.flat();
}

export function apiState(a) {
  return (a.lifecycleState ?? a.state ?? 'STOPPED').toUpperCase();
}

export function Overview({ account }) {
  const gateways = useAsync(() => api.gateways(account.id), [account.id], 5000);
  const apis = useAsync(() => allApis(account), [account.id], 15000);
  const rate = useAsync(async () => {
    const to = Date.now();
    const r = await api.requests(account.id, { from: to - RATE_WINDOW_MS, to, interval: 60_000 });
    return (r.total ?? 0) / (RATE_WINDOW_MS / 1000);
  }, [account.id], 10000);

  return html`<section>
    <h1>Overview — ${account.name}</h1>
    <p class="muted">Region <strong>${account.region.toUpperCase()}</strong> · organization <code>${account.organizationId}</code></p>
    <div class="tiles">
      <div class="tile"><span class="tile-label">Gateways</span><span class="tile-value" data-testid="gateway-count">${gateways.data?.length ?? '…'}</span></div>
      <div class="tile"><span class="tile-label">APIs</span><span class="tile-value">${apis.data?.length ?? '…'}</span></div>
      <div class="tile"><span class="tile-label">Requests / s (last 5 min)</span>
        <span class="tile-value" data-testid="request-rate">${rate.error ? 'n/a' : rate.data === undefined ? '…' : rate.data.toFixed(2)}</span></div>
    </div>
    <div class="title-row"><h2>Gateways</h2><a class="button" href="#/gateways/deploy">Deploy Gateway</a></div>
    <${Async} result=${gateways} what="gateways">${(list) => html`<${GatewayTable} gateways=${list} account=${account} />`}</${Async}>
    <div class="title-row"><h2>APIs</h2><a class="button secondary" href="#/apis">Manage APIs</a></div>
    <${Async} result=${apis} what="APIs">
      ${(list) =>
        list.length === 0
          ? html`<${Empty}>No API yet. <a href="#/apis">Create one</a>.</${Empty}>`
          : html`<ul class="api-list">
              ${list.map((a) => html`<li>${a.name} <code>${a.contextPath}</code> <${StatusBadge} status=${apiState(a).toLowerCase()} /></li>`)}
            </ul>`}
    </${Async}>
  </section>`;
}
