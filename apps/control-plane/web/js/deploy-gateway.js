// The seed's "Hybrid Gateway Wizard": method → platform, environment, access points →
// Generate Installation Details → Cloud Token, License and the platform's install instructions.
import { useState } from 'preact/hooks';
import { html } from './html.js';
import { api } from './api.js';
import { CopyButton, ErrorBox } from './ui.js';
import { PLATFORM_LABELS } from './gateways.js';
import { navigate } from './route.js';

/** Which snippet of `install` each platform shows. */
export const INSTALL_KEY = { docker: 'docker', kubernetes: 'helm', openshift: 'openshift', linux: 'linux' };
export const INSTALL_HINT = {
  docker: 'Run the following script:',
  kubernetes: 'Save these Helm values as values.yaml, then run: helm install graviteeio-apim-gateway graviteeio/apim --create-namespace --namespace gravitee-apim -f values.yaml',
  openshift: 'Save these Helm values as values.yaml, then install the chart into your OpenShift project with helm install -f values.yaml.',
  linux: 'Put these settings into the gateway\'s config/gravitee.yml, then start the gateway.',
};

export function DeployGateway({ account }) {
  const [method, setMethod] = useState(null);
  if (method !== 'hybrid') return html`<${ChooseMethod} onChoose=${setMethod} />`;
  return html`<${HybridWizard} account=${account} />`;
}

function ChooseMethod({ onChoose }) {
  return html`<section class="dialog" role="dialog" aria-modal="false" aria-labelledby="choose-method">
    <h1 id="choose-method">Choose Gateway Deployment Method</h1>
    <div class="choices">
      <button type="button" class="choice" disabled title="Not offered by this control plane">
        <strong>Gravitee Hosted Gateway</strong><span>Fully managed SaaS gateway (not available here)</span>
      </button>
      <button type="button" class="choice" onClick=${() => onChoose('hybrid')} autofocus>
        <strong>Hybrid Gateway</strong><span>Run the gateway in your own infrastructure, managed from this control plane</span>
      </button>
    </div>
    <a href="#/gateways" class="button secondary">Cancel</a>
  </section>`;
}

function HybridWizard({ account }) {
  const environments = account.environments ?? [];
  const [platform, setPlatform] = useState('docker');
  const [environmentId, setEnvironmentId] = useState(environments[0]?.id ?? '');
  const [name, setName] = useState('hybrid-gateway');
  const [hosts, setHosts] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [details, setDetails] = useState(null);

  const accessPoints = hosts.split(/[\s,]+/).map((h) => h.trim()).filter(Boolean);
  const generate = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const gateway = await api.createGateway(account.id, { name: name.trim(), platform, environmentId, accessPoints });
      setDetails(await api.installationDetails(account.id, gateway.id));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  // The platform stays changeable after generating: it only changes the instructions shown.
  const platformField = html`<label>Platform
    <select name="platform" value=${platform} onChange=${(e) => setPlatform(e.currentTarget.value)}>
      ${Object.entries(PLATFORM_LABELS).map(([value, label]) => html`<option value=${value}>${label}</option>`)}
    </select>
  </label>`;

  if (details) return html`<${InstallationDetails} details=${details} platform=${platform} platformField=${platformField} />`;
  return html`<section>
    <h1>Deploy Hybrid Gateway</h1>
    <form class="card form" onSubmit=${generate}>
      ${platformField}
      <label>Environment
        <select name="environment" value=${environmentId} onChange=${(e) => setEnvironmentId(e.currentTarget.value)} required>
          ${environments.map((env) => html`<option value=${env.id}>${env.name}</option>`)}
        </select>
      </label>
      <label>Gateway name
        <input name="gatewayName" required maxlength="100" value=${name} onInput=${(e) => setName(e.currentTarget.value)} />
      </label>
      <label>Access Point
        <input name="accessPoints" placeholder="apis.example.com" aria-describedby="access-point-help" value=${hosts}
          onInput=${(e) => setHosts(e.currentTarget.value)} required />
        <small id="access-point-help">The host(s) your gateway is reachable through, as configured in your load balancer or ingress (separate several with commas). URLs enforce HTTPS.</small>
      </label>
      ${error && html`<${ErrorBox} error=${error} />`}
      <div class="actions">
        <a href="#/gateways" class="button secondary">Cancel</a>
        <button type="submit" disabled=${busy || !environmentId || accessPoints.length === 0 || !name.trim()}>
          ${busy ? 'Generating…' : 'Generate Installation Details'}
        </button>
      </div>
    </form>
  </section>`;
}

function InstallationDetails({ details, platform, platformField }) {
  const snippet = details.install?.[INSTALL_KEY[platform]] ?? '';
  return html`<section>
    <h1>Deploy Hybrid Gateway</h1>
    <div class="card form">
      ${platformField}
      <${Secret} id="cloud-token" label="Cloud Token" value=${details.cloudToken} />
      <${Secret} id="license-key" label="License" value=${details.licenseKey} />
      <p>Cloud Gate: <code>${details.cloudGateUrl}</code></p>
      <h2>Install the gateway on ${PLATFORM_LABELS[platform]}</h2>
      <p>${INSTALL_HINT[platform]}</p>
      <div class="snippet">
        <pre id="install-instructions" aria-label=${`${PLATFORM_LABELS[platform]} install instructions`}>${snippet}</pre>
        <${CopyButton} text=${snippet} label="install instructions" />
      </div>
      <div class="actions">
        <button type="button" onClick=${() => navigate('overview')}>Return to Overview</button>
      </div>
    </div>
  </section>`;
}

export function Secret({ id, label, value }) {
  return html`<div class="secret">
    <label for=${id}>${label}</label>
    <div class="secret-row">
      <textarea id=${id} readonly rows="3" value=${value}></textarea>
      <${CopyButton} text=${value} label=${label} />
    </div>
  </div>`;
}
