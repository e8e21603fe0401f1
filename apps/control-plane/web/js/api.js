// Thin client for the control-plane API (SPEC §8). The admin token lives in sessionStorage only.
const TOKEN_KEY = 'hybrid-cp.adminToken';

export const session = {
  token: () => sessionStorage.getItem(TOKEN_KEY),
  signIn: (token) => sessionStorage.setItem(TOKEN_KEY, token),
  signOut: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** An error answer of the API, carrying its `{statusCode, error, code, message, details}` body. */
export class ApiError extends Error {
  constructor(status, body) {
    const message = Array.isArray(body?.message) ? body.message.join('; ') : body?.message || `request failed (${status})`;
    super(message);
    this.status = status;
    this.code = body?.code;
    /** Plain sentences for a `400`'s field-level detail: "Context path must start with /…". */
    this.problems = Array.isArray(body?.details) ? body.details.flatMap((d) => (d.errors ?? []).map((e) => plainFieldError(d.field, e))) : [];
  }
}

/** Lists in field paths, named in the singular before their index: `plans.0` is "plan 1". */
const SINGULAR = { plans: 'plan', accessPoints: 'access point' };

/** `plans.0.rateLimit.limit` → "Plan 1 rate limit"; `contextPath` → "Context path". */
export function fieldLabel(field) {
  const parts = String(field).split('.');
  const words = parts
    .map((part, i) => {
      if (/^\d+$/.test(part)) return String(Number(part) + 1);
      const name = /^\d+$/.test(parts[i + 1] ?? '') ? (SINGULAR[part] ?? part) : part;
      return name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
    })
    .join(' ')
    .split(' ')
    .filter((word, i, all) => word !== all[i - 1]);
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** class-validator starts its messages with the property name; say the field's label instead. */
export function plainFieldError(field, error) {
  const property = String(field).split('.').pop();
  if (error.startsWith(`${property} `)) return `${fieldLabel(field)} ${error.slice(property.length + 1)}`;
  return error.charAt(0).toUpperCase() + error.slice(1);
}

let onUnauthorized = () => {};
/** Called when any request answers 401, so the app can return to sign-in. */
export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

export async function request(method, path, body, token = session.token()) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  const data = text ? safeJson(text) : undefined;
  if (!res.ok) {
    if (res.status === 401) onUnauthorized();
    throw new ApiError(res.status, data);
  }
  return data;
}

function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return { message: text };
  }
}

const enc = encodeURIComponent;
const apisOf = (accountId, envId) => `/accounts/${enc(accountId)}/environments/${enc(envId)}/apis`;

export const api = {
  /** Checks a token before keeping it (401 means wrong token). */
  verify: (token) => request('GET', '/accounts', undefined, token),
  accounts: () => request('GET', '/accounts'),
  account: (id) => request('GET', `/accounts/${enc(id)}`),
  createAccount: (body) => request('POST', '/accounts', body),
  createEnvironment: (accountId, name) => request('POST', `/accounts/${enc(accountId)}/environments`, { name }),
  environments: (accountId) => request('GET', `/accounts/${enc(accountId)}/environments`),
  renameEnvironment: (accountId, envId, name) => request('PATCH', `/accounts/${enc(accountId)}/environments/${enc(envId)}`, { name }),
  deleteEnvironment: (accountId, envId) => request('DELETE', `/accounts/${enc(accountId)}/environments/${enc(envId)}`),
  gateways: (accountId) => request('GET', `/accounts/${enc(accountId)}/gateways`),
  gateway: (accountId, gatewayId) => request('GET', `/accounts/${enc(accountId)}/gateways/${enc(gatewayId)}`),
  createGateway: (accountId, body) => request('POST', `/accounts/${enc(accountId)}/gateways`, body),
  updateGateway: (accountId, gatewayId, body) => request('PATCH', `/accounts/${enc(accountId)}/gateways/${enc(gatewayId)}`, body),
  deleteGateway: (accountId, gatewayId) => request('DELETE', `/accounts/${enc(accountId)}/gateways/${enc(gatewayId)}`),
  installationDetails: (accountId, gatewayId, body) =>
    request('POST', `/accounts/${enc(accountId)}/gateways/${enc(gatewayId)}/installation-details`, body),
  tokens: (accountId) => request('GET', `/accounts/${enc(accountId)}/tokens`),
  revokeToken: (accountId, jti) => request('POST', `/accounts/${enc(accountId)}/tokens/${enc(jti)}/revoke`),
  apis: (accountId, envId) => request('GET', apisOf(accountId, envId)),
  createApi: (accountId, envId, body) => request('POST', apisOf(accountId, envId), body),
  updateApi: (accountId, envId, apiId, body) => request('PATCH', `${apisOf(accountId, envId)}/${enc(apiId)}`, body),
  subscriptions: (accountId, envId, apiId) => request('GET', `${apisOf(accountId, envId)}/${enc(apiId)}/subscriptions`),
  closeSubscription: (accountId, envId, apiId, subscriptionId) =>
    request('DELETE', `${apisOf(accountId, envId)}/${enc(apiId)}/subscriptions/${enc(subscriptionId)}`),
  apiAction: (accountId, envId, apiId, action) => request('POST', `${apisOf(accountId, envId)}/${enc(apiId)}/${action}`),
  deleteApi: (accountId, envId, apiId) => request('DELETE', `${apisOf(accountId, envId)}/${enc(apiId)}`),
  subscribe: (accountId, envId, apiId, planId) =>
    request('POST', `${apisOf(accountId, envId)}/${enc(apiId)}/plans/${enc(planId)}/subscriptions`),
  automationTokens: (accountId) => request('GET', `/accounts/${enc(accountId)}/automation-tokens`),
  createAutomationToken: (accountId, body) => request('POST', `/accounts/${enc(accountId)}/automation-tokens`, body),
  rotateAutomationToken: (accountId, jti) => request('POST', `/accounts/${enc(accountId)}/automation-tokens/${enc(jti)}/rotate`),
  revokeToken: (accountId, jti) => request('POST', `/accounts/${enc(accountId)}/tokens/${enc(jti)}/revoke`),
  requests: (accountId, q) => request('GET', `/accounts/${enc(accountId)}/analytics/requests?${query(q)}`),
  logs: (accountId, q) => request('GET', `/accounts/${enc(accountId)}/analytics/logs?${query(q)}`),
};

function query(q) {
  return new URLSearchParams(Object.entries(q).filter(([, v]) => v !== undefined && v !== '')).toString();
}
