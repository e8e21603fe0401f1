// Dashboard shell: sign-in, account switcher, navigation (hash routes) and the page for the route.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { api, session, whenUnauthorized } from './api.js';
import { Async, useAsync } from './ui.js';
import { SignIn } from './sign-in.js';
import { CreateAccount } from './accounts.js';
import { Overview } from './overview.js';
import { Gateways } from './gateways.js';
import { DeployGateway } from './deploy-gateway.js';
import { Gateway } from './gateway.js';
import { Environments } from './environments.js';
import { Apis } from './apis.js';
import { Analytics } from './analytics.js';
import { Automation } from './automation.js';
import { navigate } from './route.js';

const ACCOUNT_KEY = 'hybrid-cp.accountId';
const PAGES = [
  { path: 'overview', label: 'Overview' },
  { path: 'gateways', label: 'Gateways' },
  { path: 'apis', label: 'APIs' },
  { path: 'environments', label: 'Environments' },
  { path: 'analytics', label: 'Analytics' },
  { path: 'automation', label: 'Automation' },
];

function useRoute() {
  const read = () => location.hash.replace(/^#\/?/, '') || 'overview';
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const onChange = () => setRoute(read());
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

function App() {
  const [token, setToken] = useState(session.token());
  useEffect(() => whenUnauthorized(() => (session.signOut(), setToken(null))), []);
  if (!token) return html`<${SignIn} onSignedIn=${(t) => (session.signIn(t), setToken(t))} />`;
  return html`<${Console} onSignOut=${() => (session.signOut(), setToken(null))} />`;
}

function Console({ onSignOut }) {
  const route = useRoute();
  const accounts = useAsync(() => api.accounts(), []);
  const [accountId, setAccountId] = useState(sessionStorage.getItem(ACCOUNT_KEY));
  const choose = (id) => (sessionStorage.setItem(ACCOUNT_KEY, id), setAccountId(id));
  const list = accounts.data ?? [];
  const account = list.find((a) => a.id === accountId) ?? list[0];

  const created = (a) => (accounts.reload(), choose(a.id), navigate('overview'));
  return html`
    <header class="top">
      <span class="brand">Hybrid API Management</span>
      ${list.length > 0 &&
      html`<label class="switcher">Account
        <select aria-label="Account" value=${account?.id} onChange=${(e) => choose(e.currentTarget.value)}>
          ${list.map((a) => html`<option value=${a.id}>${a.name} (${a.region})</option>`)}
        </select>
      </label>`}
      <a href="#/accounts/new" class="button secondary">New account</a>
      <button type="button" class="secondary" onClick=${onSignOut}>Sign out</button>
    </header>
    <nav class="side" aria-label="Main">
      ${PAGES.map(
        (p) => html`<a href=${`#/${p.path}`} aria-current=${route.split('/')[0] === p.path ? 'page' : undefined}>${p.label}</a>`,
      )}
    </nav>
    <main>
      <${Async} result=${accounts} what="accounts">
        ${() =>
          route === 'accounts/new' || !account ? html`<${CreateAccount} first=${!account} onCreated=${created} />` : page(route, account, accounts.reload)}
      </${Async}>
    </main>
  `;
}

const GATEWAY_ROUTE = /^gateways\/([0-9a-f-]{36})$/i;

function page(route, account, reloadAccounts) {
  // `key` remounts a page when the account changes, so no state leaks between accounts.
  const props = { account, key: account.id };
  const gateway = GATEWAY_ROUTE.exec(route);
  if (gateway) return html`<${Gateway} ...${props} key=${`${account.id}/${gateway[1]}`} gatewayId=${gateway[1]} />`;
  switch (route) {
    case 'gateways':
      return html`<${Gateways} ...${props} />`;
    case 'gateways/deploy':
      return html`<${DeployGateway} ...${props} />`;
    case 'apis':
      return html`<${Apis} ...${props} />`;
    case 'environments':
      return html`<${Environments} ...${props} onAccountChanged=${reloadAccounts} />`;
    case 'analytics':
      return html`<${Analytics} ...${props} />`;
    case 'automation':
      return html`<${Automation} ...${props} />`;
    default:
      return html`<${Overview} ...${props} />`;
  }
}

const root = document.getElementById('app');
root.textContent = ''; // drop the static "Loading" placeholder
render(html`<${App} />`, root);
