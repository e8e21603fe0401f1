import 'reflect-metadata';
import { fetch } from 'undici';
import { AnyCloudTokenClaims, decodeUnverified } from '@app/contracts';
import { AutomationOpenApi } from '../support/automation-oas';
import { Stack, startStack } from '../support/stack';

/** What gravitee-io/terraform-provider-apim's generated client (Speakeasy, internal/sdk) puts on every call. */
const USER_AGENT = 'speakeasy-sdk/terraform 0.9.3 2.885.0 1.0.0 github.com/gravitee-io/terraform-provider-apim/internal/sdk';

interface Recorded {
  method: string;
  path: string;
  status: number;
  body: unknown;
}

/**
 * The calls the Terraform provider makes for an `apim_apiv4` resource, replayed byte for byte against a
 * local stack: `terraform apply` (Create: PUT then GET), a refresh (Read: GET), a changed apply (Update:
 * PUT then GET), `terraform destroy` (Delete: DELETE) and the refresh after it (GET, 404 means gone).
 * The provider reads `org`, `envs` and `cpg` from the token without verifying it and calls
 * `https://{cpg}.cloudgate.gravitee.io/apim/automation`; a self-hosted control plane gives it that base
 * as `server_url`, as here.
 */
describe('the Terraform provider against a local stack: apim_apiv4 create, read, update, delete (e2e)', () => {
  let stack: Stack;
  let oas: AutomationOpenApi;
  let token: string;
  let serverUrl: string;
  let org: string;
  let env: string;
  let accountId: string;
  const calls: Recorded[] = [];

  /** One call as the provider's SDK makes it: Accept, User-Agent, Bearer token, JSON body, `dryRun` default in the query. */
  async function sdk(method: 'GET' | 'PUT' | 'DELETE', template: string, hrid: string, body?: object): Promise<Recorded> {
    const path = template.replace('{orgId}', org).replace('{envId}', env).replace('{hrid}', hrid);
    const query = method === 'PUT' ? '?dryRun=false' : '';
    const operation = oas.operation(method, template);
    if (body) expect(operation.request(body)).toEqual([]);
    const res = await fetch(`${serverUrl}${path}${query}`, {
      method,
      dispatcher: stack.gateAgent,
      headers: {
        Accept: 'application/json',
        'User-Agent': USER_AGENT,
        Authorization: `Bearer ${token}`,
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    // The SDK decodes a 200 only when its Content-Type is application/json.
    if (res.status === 200) expect(res.headers.get('content-type')).toMatch(/^application\/json(;|$)/);
    expect(operation.response(res.status, parsed)).toEqual([]);
    const recorded = { method, path, status: res.status, body: parsed };
    calls.push(recorded);
    return recorded;
  }

  const API = '/organizations/{orgId}/environments/{envId}/apis';
  const ONE_API = '/organizations/{orgId}/environments/{envId}/apis/{hrid}';

  beforeAll(async () => {
    oas = new AutomationOpenApi();
    stack = await startStack('terraform', { worker: false });
    const account = await stack.api<{ id: string }>('POST', '/accounts', { name: 'Terraform Inc', region: 'eu' });
    accountId = account.body.id;
    const issued = await stack.api<{ cloudToken: string; automationApiUrl: string }>('POST', `/accounts/${accountId}/automation-tokens`, { name: 'terraform' });
    token = issued.body.cloudToken;
    // The provider's CloudInitializer: organization and (single) environment from the unverified token.
    const claims = decodeUnverified<AnyCloudTokenClaims>(token) as AnyCloudTokenClaims;
    expect(claims.envs).toHaveLength(1);
    [org, env] = [claims.org, claims.envs[0]];
    serverUrl = issued.body.automationApiUrl;
    expect(serverUrl).toBe(`${stack.gateUrls[claims.cpg]}/apim/automation`);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('applies, refreshes, changes and destroys an API exactly as the provider calls it', async () => {
    // `terraform apply`: Create = CreateOrUpdate, then Get; both answers refresh the state.
    const created = await sdk('PUT', API, 'example', terraformBody('[Terraform] Example API', '/example/'));
    expect(created.status).toBe(200);
    const state = created.body as { id: string; hrid: string; name: string; plans: Array<{ hrid: string; id: string }> };
    expect(state).toMatchObject({ hrid: 'example', name: '[Terraform] Example API', organizationId: org, environmentId: env });
    const read = await sdk('GET', ONE_API, 'example');
    expect(read).toMatchObject({ status: 200, body: created.body });

    // The provider's own state must survive the round trip: what it sent comes back as sent.
    const sent = terraformBody('[Terraform] Example API', '/example/');
    expect(read.body).toMatchObject({ ...sent, plans: sent.plans.map((p) => ({ ...p, id: expect.any(String) })) });

    // `terraform plan` / refresh: Read = Get.
    expect((await sdk('GET', ONE_API, 'example')).status).toBe(200);

    // A changed apply: Update = CreateOrUpdate, then Get. Same API, same plan ids.
    const updated = await sdk('PUT', API, 'example', terraformBody('[Terraform] Example API v2', '/example/v2'));
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id: state.id, name: '[Terraform] Example API v2', plans: state.plans });
    expect((await sdk('GET', ONE_API, 'example')).body).toMatchObject({ id: state.id, name: '[Terraform] Example API v2' });
    const apis = await stack.api<Array<{ id: string; name: string; contextPath: string; deployed: boolean; lifecycleState: string }>>('GET', `/accounts/${accountId}/environments/${env}/apis`);
    expect(apis.body).toEqual([expect.objectContaining({ id: state.id, name: '[Terraform] Example API v2', contextPath: '/example/v2', deployed: true, lifecycleState: 'STARTED' })]);

    // `terraform destroy`: Delete accepts 204 (or 404); the refresh after it sees 404 and forgets the resource.
    expect((await sdk('DELETE', ONE_API, 'example')).status).toBe(204);
    expect((await sdk('GET', ONE_API, 'example')).status).toBe(404);
    expect((await sdk('DELETE', ONE_API, 'example')).status).toBe(404);
    expect((await stack.api<unknown[]>('GET', `/accounts/${accountId}/environments/${env}/apis`)).body).toEqual([]);

    expect(calls.map((c) => `${c.method} ${c.status}`)).toEqual(['PUT 200', 'GET 200', 'GET 200', 'PUT 200', 'GET 200', 'DELETE 204', 'GET 404', 'DELETE 404']);
  });
});

/**
 * The JSON the provider's SDK sends for the repository's `examples/resources/apim_apiv4/resource.tf`
 * (shortened): the resource's attributes, plus the defaults the SDK fills in for attributes left unset
 * (`visibility`, `notifyMembers`, `qos`, `overrideAccess`, `weight`, plan `type` and `validation`, ...).
 */
function terraformBody(name: string, path: string) {
  return {
    hrid: 'example',
    name,
    version: '1.0',
    type: 'PROXY',
    description: 'A example API that routes traffic to gravitee echo API with an extra header.\n',
    listeners: [{ type: 'HTTP', entrypoints: [{ type: 'http-proxy', qos: 'AUTO' }], paths: [{ path, overrideAccess: false }] }],
    endpointGroups: [
      {
        name: 'Default HTTP proxy group',
        type: 'http-proxy',
        loadBalancer: { type: 'ROUND_ROBIN' },
        endpoints: [
          { name: 'Default HTTP proxy', type: 'http-proxy', weight: 1, inheritConfiguration: false, configuration: { target: 'https://api.gravitee.io/echo' }, secondary: false },
        ],
      },
    ],
    analytics: { enabled: true, reporterMetricsEnabled: true },
    properties: [{ key: 'hello', value: 'World!' }],
    plans: [
      {
        hrid: 'keyless',
        name: 'No security',
        description: 'This plan does not require any authentication',
        security: { type: 'KEY_LESS' },
        status: 'PUBLISHED',
        type: 'API',
        validation: 'AUTO',
        mode: 'STANDARD',
        flows: [
          {
            enabled: true,
            selectors: [{ type: 'HTTP', path: '/', pathOperator: 'STARTS_WITH' }],
            request: [{ name: 'Add 1 header', enabled: true, policy: 'transform-headers', configuration: { scope: 'REQUEST', addHeaders: [{ name: 'X-Hello', value: "{#api.properties['hello']}" }] } }],
          },
        ],
      },
    ],
    flowExecution: { mode: 'DEFAULT', matchRequired: false },
    visibility: 'PUBLIC',
    state: 'STARTED',
    lifecycleState: 'PUBLISHED',
    labels: ['example', 'proxy', 'terraform'],
    notifyMembers: true,
    allowedInApiProducts: false,
    allowMultiJwtOauth2Subscriptions: false,
  };
}
