import type { ApiV4Spec } from '@app/contracts';
import { mapApiSpec } from './api-spec.mapper';

const spec = (overrides: Partial<ApiV4Spec> = {}): ApiV4Spec => ({
  hrid: 'echo_api',
  name: 'Echo',
  version: '1.0',
  type: 'PROXY',
  lifecycleState: 'CREATED',
  state: 'STARTED',
  listeners: [{ type: 'HTTP', paths: [{ path: '/echo/' }], entrypoints: [{ type: 'http-proxy' }] }],
  endpointGroups: [{ name: 'default', type: 'http-proxy', endpoints: [{ name: 'default', type: 'http-proxy', configuration: { target: 'https://backend.example/v1' } }] }],
  plans: [
    { hrid: 'open', name: 'Open', type: 'API', mode: 'STANDARD', validation: 'AUTO', status: 'PUBLISHED', security: { type: 'KEY_LESS' } },
    {
      hrid: 'keys',
      name: 'Keys',
      type: 'API',
      mode: 'STANDARD',
      validation: 'AUTO',
      status: 'PUBLISHED',
      security: { type: 'API_KEY' },
      flows: [{ enabled: true, request: [{ enabled: true, policy: 'rate-limit', configuration: { rate: { limit: 10, periodTime: 1, periodTimeUnit: 'MINUTES' } } }] }],
    },
  ],
  ...overrides,
});

describe('mapApiSpec', () => {
  it('maps the context path, target, plans (with their rate limit) and state onto the API model', () => {
    const { declared, severe, warnings } = mapApiSpec(spec(), null);
    expect(severe).toEqual([]);
    expect(warnings).toEqual([]);
    expect(declared).toMatchObject({ hrid: 'echo_api', name: 'Echo', contextPath: '/echo', target: 'https://backend.example/v1', state: 'STARTED' });
    expect(declared.plans).toEqual([
      { id: expect.any(String), hrid: 'open', name: 'Open', security: 'key-less' },
      { id: expect.any(String), hrid: 'keys', name: 'Keys', security: 'api-key', rateLimit: { limit: 10, periodSeconds: 60 } },
    ]);
    // The declaration kept carries the plan ids it was given.
    expect((declared.declaration as { plans: Array<{ hrid: string; id: string }> }).plans.map((p) => [p.hrid, p.id])).toEqual(declared.plans.map((p) => [p.hrid, p.id]));
  });

  it('keeps plan ids by hrid from one declaration to the next', () => {
    const first = mapApiSpec(spec(), null).declared;
    const second = mapApiSpec(spec({ plans: [...(spec().plans ?? [])].reverse() }), { plans: first.plans, declaration: first.declaration }).declared;
    expect(Object.fromEntries(second.plans.map((p) => [p.hrid, p.id]))).toEqual(Object.fromEntries(first.plans.map((p) => [p.hrid, p.id])));
  });

  it('calls severe what gateways here cannot serve', () => {
    const { severe } = mapApiSpec(
      spec({
        type: 'MESSAGE',
        listeners: [{ type: 'SUBSCRIPTION' }],
        endpointGroups: [{ type: 'kafka' }],
        plans: [{ hrid: 'jwt', name: 'JWT', type: 'API', mode: 'STANDARD', validation: 'AUTO', status: 'PUBLISHED', security: { type: 'JWT' } }],
      }),
      null,
    );
    expect(severe).toEqual([
      'type MESSAGE is not supported: gateways of this control plane serve PROXY APIs only',
      'listeners: type SUBSCRIPTION is not supported; use an HTTP listener',
      'endpointGroups: type kafka is not supported; use http-proxy',
      'plan jwt: security JWT is not supported; use KEY_LESS or API_KEY',
      'a STARTED API needs at least one PUBLISHED plan that gateways can serve',
    ]);
  });

  it('refuses a target that is not an http(s) URL and a path that is not a context path', () => {
    const { severe } = mapApiSpec(
      spec({
        listeners: [{ type: 'HTTP', paths: [{ path: 'no-slash' }] }],
        endpointGroups: [{ type: 'http-proxy', endpoints: [{ name: 'e', type: 'http-proxy', configuration: { target: 'file:///etc/passwd' } }] }],
      }),
      null,
    );
    expect(severe).toEqual(['listeners: path "no-slash" is not a context path such as /echo', 'endpointGroups: target "file:///etc/passwd" is not an http(s) URL']);
  });

  it('warns about what it stores but gateways will not do, and does not serve staging plans', () => {
    const { declared, severe, warnings } = mapApiSpec(
      spec({
        state: 'STOPPED',
        tags: ['europe'],
        listeners: [{ type: 'HTTP', paths: [{ path: '/a' }, { path: '/b', host: 'x.example' }] }],
        flows: [{ enabled: true, request: [{ enabled: true, policy: 'transform-headers' }] }],
        resources: [{ name: 'cache', type: 'cache', configuration: {} }],
        plans: [{ hrid: 'draft', name: 'Draft', type: 'API', mode: 'STANDARD', validation: 'MANUAL', status: 'STAGING', security: { type: 'KEY_LESS' } }],
      }),
      null,
    );
    expect(severe).toEqual([]);
    expect(declared.plans).toEqual([]);
    expect(declared.state).toBe('STOPPED');
    expect(warnings).toEqual([
      'listeners: only the first path (/a) is served; /b ignored',
      'listeners: virtual hosts are not supported; the path is served on every host',
      'plan draft: subscriptions are accepted without manual validation',
      'plan draft: status STAGING, so gateways do not serve it',
      'flows: policy transform-headers is not applied by gateways',
      'tags: sharding tags are not supported; every gateway of the environment serves the API',
      'resources: stored, not supported by this control plane',
    ]);
  });
});
