import { checkApiV4Spec, checkApplicationSpec, checkSubscriptionSpec, describeProblems, isHrid, nulLocation } from './automation';

const api = {
  hrid: 'echo_api',
  name: 'Echo',
  version: '1.0',
  type: 'PROXY',
  lifecycleState: 'CREATED',
  state: 'STARTED',
  listeners: [{ type: 'HTTP', paths: [{ path: '/echo' }], entrypoints: [{ type: 'http-proxy' }] }],
  endpointGroups: [{ name: 'default', type: 'http-proxy', endpoints: [{ name: 'default', type: 'http-proxy', configuration: { target: 'https://example.com' } }] }],
  plans: [{ hrid: 'open', name: 'Open', type: 'API', mode: 'STANDARD', validation: 'AUTO', status: 'PUBLISHED', security: { type: 'KEY_LESS' } }],
};

describe('Automation API body schemas', () => {
  it('accepts an API spec, with fields it does not read', () => {
    const check = checkApiV4Spec({ ...api, notifyMembers: true, resources: [{ name: 'cache', type: 'cache', configuration: {} }] });
    expect(check).toMatchObject({ ok: true });
  });

  it('locates every problem by JSON pointer', () => {
    const { lifecycleState: _dropped, ...withoutLifecycle } = api;
    const check = checkApiV4Spec({ ...withoutLifecycle, hrid: '-bad', type: 'SOAP', listeners: [] });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    const locations = check.problems.map((p) => p.location);
    expect(locations).toEqual(expect.arrayContaining(['/lifecycleState', '/hrid', '/type', '/listeners']));
    expect(describeProblems(check.problems)).toContain('/type: must be equal to one of the allowed values');
  });

  it('bounds what one declaration holds', () => {
    const plans = Array.from({ length: 51 }, (_, i) => ({ ...api.plans[0], hrid: `plan_${i}` }));
    expect(checkApiV4Spec({ ...api, plans }).ok).toBe(false);
  });

  it('requires what the document requires of applications and subscriptions', () => {
    expect(checkApplicationSpec({ hrid: 'my_app', name: 'App', description: 'Mine' }).ok).toBe(true);
    expect(checkApplicationSpec({ hrid: 'my_app', name: 'App' }).ok).toBe(false);
    expect(checkSubscriptionSpec({ hrid: 'sub_1', applicationHrid: 'my_app', planHrid: 'keys' }).ok).toBe(true);
    expect(checkSubscriptionSpec({ hrid: 'sub_1', applicationHrid: 'my_app', planHrid: 'keys', endingAt: 'tomorrow' }).ok).toBe(false);
    expect(checkSubscriptionSpec([]).ok).toBe(false);
  });

  it('finds NUL in any string or key, and tells hrids from what cannot be one', () => {
    expect(nulLocation(api)).toBeUndefined();
    expect(nulLocation({ ...api, plans: [{ ...api.plans[0], name: 'a\0b' }] })).toBe('/plans/0/name');
    expect(nulLocation({ metadata: { 'k\0': 'v' } })).toBe('/metadata/k\\0');
    expect(isHrid('echo_api')).toBe(true);
    expect(['ab', '-echo', 'echo api', 'a\0bc', 'x'.repeat(257)].map(isHrid)).toEqual([false, false, false, false, false]);
  });
});
