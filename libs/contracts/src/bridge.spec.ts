import { FlowV4, planRateLimit, rateLimitFlow } from './bridge';

describe('plan rate-limit policy', () => {
  it('reads back the policy it writes', () => {
    expect(planRateLimit([rateLimitFlow({ limit: 100, periodSeconds: 60 })])).toEqual({ limit: 100, periodSeconds: 60 });
  });

  it('reads Gravitee period units and keeps the tightest of several policies', () => {
    const flow = (limit: number, periodTime: number, periodTimeUnit: string, enabled = true): FlowV4 => ({
      ...rateLimitFlow({ limit: 1, periodSeconds: 1 }),
      request: [{ name: 'rl', enabled, policy: 'rate-limit', configuration: { rate: { limit, periodTime, periodTimeUnit } } }],
    });
    expect(planRateLimit([flow(1000, 1, 'HOURS'), flow(10, 1, 'MINUTES')])).toEqual({ limit: 10, periodSeconds: 60 });
    expect(planRateLimit([flow(10, 1, 'MINUTES', false)])).toBeUndefined();
    expect(planRateLimit([{ ...flow(10, 1, 'MINUTES'), enabled: false }])).toBeUndefined();
    expect(planRateLimit([flow(10, 0, 'SECONDS'), flow(10, 1, 'FORTNIGHTS')])).toBeUndefined();
  });

  it('finds nothing in a plan without flows or with other policies', () => {
    expect(planRateLimit(undefined)).toBeUndefined();
    expect(planRateLimit([{ ...rateLimitFlow({ limit: 1, periodSeconds: 1 }), request: [{ name: 'x', enabled: true, policy: 'transform-headers', configuration: {} }] }])).toBeUndefined();
  });
});
