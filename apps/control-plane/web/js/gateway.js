// One gateway installation: its instances (from heartbeats and node monitoring), its tokens (revoke,
// rotate), rename and access points, delete.
import { useState } from 'preact/hooks';
import { html } from './html.js';
import { api } from './api.js';
import { Async, ConfirmButton, CopyButton, ErrorBox, StatusBadge, TableWrap, formatTime, useAction, useAsync } from './ui.js';
import { INSTALL_HINT, INSTALL_KEY, Secret } from './deploy-gateway.js';
import { PLATFORM_LABELS } from './gateways.js';
import { navigate } from './route.js';

const REFRESH_MS = 5000;

export function Gateway({ account, gatewayId }) {
  const gateway = useAsync(() => api.gateway(account.id, gatewayId), [account.id, gatewayId], REFRESH_MS);
  return html`<section>
    <p><a href="#/gateways">← Gateways</a></p>
    <${Async} result=${gateway} what="the gateway">
      ${(g) => html`<${GatewayDetail} gateway=${g} account=${account} reload=${gateway.reload} />`}
    </${Async}>
  </section>`;
}

function GatewayDetail({ gateway, account, reload }) {
  const [rotated, setRotated] = useState(null);
  const [run, busy, error] = useAction();
  const envName = account.environments?.find((e) => e.id === gateway.environmentId)?.name ?? gateway.environmentId;
  const rotate = () =>
    run(async () => {
      setRotated(await api.installationDetails(account.id, gateway.id, { revokePrevious: true }));
      await reload();
    });
  const remove = () =>
    run(async () => {
      await api.deleteGateway(account.id, gateway.id);
      navigate('gateways');
    });
  return html`
    <div class="title-row">
      <h1>${gateway.name} <${StatusBadge} status=${gateway.status} /></h1>
      <span class="actions">
        <${ConfirmButton}
          label="Rotate token"
          confirmLabel="Confirm rotation"
          question="Issue a new token and revoke every earlier one? Running gateways stop syncing until they use the new one."
          disabled=${busy}
          onConfirm=${rotate}
        />
        <${ConfirmButton}
          label="Delete gateway"
          confirmLabel="Confirm delete"
          question=${`Delete ${gateway.name}? Its tokens are revoked and its gateways stop syncing.`}
          disabled=${busy}
          onConfirm=${remove}
        />
      </span>
    </div>
    ${error && html`<${ErrorBox} error=${error} />`}
    ${gateway.status === 'revoked' &&
    html`<p class="notice" role="status">The token this installation runs with was revoked: its gateways are refused by the Cloud Gate until they are started with a new token (<strong>Rotate token</strong>).</p>`}
    <dl class="facts">
      <dt>Platform</dt><dd>${PLATFORM_LABELS[gateway.platform] ?? gateway.platform}</dd>
      <dt>Environment</dt><dd>${envName}</dd>
      <dt>Access points</dt><dd>${gateway.accessPoints.join(', ') || '—'}</dd>
      <dt>Last heartbeat</dt><dd>${formatTime(gateway.lastHeartbeatAt)}</dd>
      <dt>Created</dt><dd>${formatTime(gateway.createdAt)}</dd>
    </dl>
    ${rotated && html`<${NewToken} details=${rotated} platform=${gateway.platform} onDone=${() => setRotated(null)} />`}
    <${EditGateway} gateway=${gateway} account=${account} onSaved=${reload} />
    <h2>Instances</h2>
    <${Instances} instances=${gateway.instances} />
    <h2>Tokens</h2>
    <${Tokens} tokens=${gateway.tokens} account=${account} onChanged=${reload} />
  `;
}

/** What a node's monitoring says about its health, once gateways report it; until then "—". */
function health(instance) {
  const h = instance.health ?? instance.monitoring?.health;
  if (!h) return html`<span class="muted" title="No node monitoring received from this instance">—</span>`;
  const healthy = typeof h.healthy === 'boolean' ? h.healthy : ['UP', 'HEALTHY', 'GREEN'].includes(String(h.status).toUpperCase());
  return html`<span class=${`badge ${healthy ? 'badge-connected' : 'badge-stopped'}`} title=${h.evaluatedAt ? `evaluated ${formatTime(h.evaluatedAt)}` : ''}>
    ${healthy ? 'healthy' : 'unhealthy'}
  </span>`;
}

function Instances({ instances }) {
  if (instances.length === 0) return html`<p class="empty">No instance has sent a heartbeat yet. Start a gateway with this installation's token.</p>`;
  return html`<${TableWrap}><table class="instances" aria-label="Instances">
    <thead><tr><th>Node</th><th>Hostname</th><th>Version</th><th>Status</th><th>Last heartbeat</th><th>Health</th></tr></thead>
    <tbody>
      ${instances.map(
        (i) => html`<tr data-node-id=${i.nodeId}>
          <td><code title=${i.nodeId}>${short(i.nodeId)}</code></td>
          <td>${i.hostname ?? '—'}</td>
          <td>${i.version ?? '—'}</td>
          <td><${StatusBadge} status=${i.status} /></td>
          <td>${formatTime(i.lastHeartbeatAt)}</td>
          <td>${health(i)}</td>
        </tr>`,
      )}
    </tbody>
  </table></${TableWrap}>`;
}

function tokenState(t) {
  if (t.revoked) return { status: 'revoked', text: `revoked ${formatTime(t.revokedAt)}` };
  if (Date.parse(t.expiresAt) <= Date.now()) return { status: 'stopped', text: 'expired' };
  return { status: 'connected', text: 'valid' };
}

function Tokens({ tokens, account, onChanged }) {
  const [run, busy, error] = useAction();
  if (tokens.length === 0) return html`<p class="empty">No token issued yet. Rotate to issue one.</p>`;
  return html`${error && html`<${ErrorBox} error=${error} />`}
    <${TableWrap}><table class="tokens" aria-label="Tokens">
      <thead><tr><th>Token id (jti)</th><th>Issued</th><th>Expires</th><th>Last seen</th><th>State</th><th></th></tr></thead>
      <tbody>
        ${tokens.map((t) => {
          const state = tokenState(t);
          return html`<tr data-jti=${t.jti}>
            <td><code title=${t.jti}>${short(t.jti)}</code> <${CopyButton} text=${t.jti} label="token id" /></td>
            <td>${formatTime(t.issuedAt)}</td>
            <td>${formatTime(t.expiresAt)}</td>
            <td>${t.lastSeenAt ? formatTime(t.lastSeenAt) : html`<span class="muted">never</span>`}</td>
            <td><span class=${`badge badge-${state.status}`}>${state.text}</span></td>
            <td>${!t.revoked &&
            html`<${ConfirmButton}
              label="Revoke"
              confirmLabel="Confirm revoke"
              disabled=${busy}
              onConfirm=${() => run(async () => (await api.revokeToken(account.id, t.jti), await onChanged()))}
            />`}</td>
          </tr>`;
        })}
      </tbody>
    </table></${TableWrap}>`;
}

function EditGateway({ gateway, account, onSaved }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(gateway.name);
  const [hosts, setHosts] = useState(gateway.accessPoints.join(', '));
  const [run, busy, error] = useAction();
  if (!open)
    return html`<p><button type="button" class="secondary" onClick=${() => (setName(gateway.name), setHosts(gateway.accessPoints.join(', ')), setOpen(true))}>
      Edit name and access points
    </button></p>`;
  const save = (e) => {
    e.preventDefault();
    const accessPoints = hosts.split(/[\s,]+/).map((h) => h.trim()).filter(Boolean);
    return run(async () => {
      await api.updateGateway(account.id, gateway.id, { name: name.trim(), accessPoints });
      setOpen(false);
      await onSaved();
    });
  };
  return html`<form class="card form" onSubmit=${save} aria-label="Edit gateway">
    <label>Gateway name<input name="gatewayName" required value=${name} onInput=${(e) => setName(e.currentTarget.value)} /></label>
    <label>Access points<input name="accessPoints" value=${hosts} onInput=${(e) => setHosts(e.currentTarget.value)} />
      <small>Hosts the gateway is reachable through, separated by commas.</small></label>
    ${error && html`<${ErrorBox} error=${error} />`}
    <div class="actions">
      <button type="submit" disabled=${busy}>${busy ? 'Saving…' : 'Save'}</button>
      <button type="button" class="secondary" onClick=${() => setOpen(false)}>Cancel</button>
    </div>
  </form>`;
}

/** The rotated token and license with the install instructions to restart the gateway with. */
function NewToken({ details, platform, onDone }) {
  const snippet = details.install?.[INSTALL_KEY[platform]] ?? '';
  return html`<div class="card form" role="region" aria-label="New installation details">
    <h2>New token issued; earlier tokens revoked</h2>
    <p>Restart the installation's gateways with these values. They are shown once.</p>
    <${Secret} id="rotated-cloud-token" label="New Cloud Token" value=${details.cloudToken} />
    <${Secret} id="rotated-license-key" label="New License" value=${details.licenseKey} />
    <p>${INSTALL_HINT[platform]}</p>
    <div class="snippet">
      <pre aria-label="Install instructions">${snippet}</pre>
      <${CopyButton} text=${snippet} label="install instructions" />
    </div>
    <div class="actions"><button type="button" class="secondary" onClick=${onDone}>Done</button></div>
  </div>`;
}

const short = (id) => (id && id.length > 13 ? `${id.slice(0, 8)}…` : id);
