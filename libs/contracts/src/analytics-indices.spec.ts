import { InvalidAnalyticsIndexIdError, analyticsAlias, analyticsDailyIndex } from './analytics-indices';

describe('analytics index names', () => {
  const day = Date.UTC(2026, 10, 26, 23, 59, 59, 999);

  it('names the alias per account and type, and the daily index by the report’s UTC day', () => {
    expect(analyticsAlias('IdxA', 'metrics')).toBe('gravitee-idxa-metrics');
    expect(analyticsDailyIndex('IdxA', 'metrics', day)).toBe('gravitee-idxa-metrics-2026.11.26');
    expect(analyticsDailyIndex('IdxA', 'metrics', day + 1)).toBe('gravitee-idxa-metrics-2026.11.27');
    expect(analyticsDailyIndex('IdxA', 'log', day)).toBe('gravitee-idxa-log-2026.11.26');
    expect(analyticsDailyIndex('idxb', 'metrics', day)).toBe('gravitee-idxb-metrics-2026.11.26');
  });

  it('gives the same names when asked again, for every account, type and day', () => {
    const asked = () =>
      ['IdxA', 'idxa', 'idxb'].flatMap((id) => (['metrics', 'log', 'health', 'monitor'] as const).flatMap((type) => [0, 1, 400].map((d) => analyticsDailyIndex(id, type, day + d * 86_400_000))));
    const first = asked();
    expect(new Set(first).size).toBe(2 * 4 * 3); // 'IdxA' and 'idxa' name the same indices
    expect(asked()).toEqual(first);
  });

  it('refuses an index id that cannot name an index, every time', () => {
    for (let i = 0; i < 2; i++) {
      expect(() => analyticsAlias('a/b', 'metrics')).toThrow(InvalidAnalyticsIndexIdError);
      expect(() => analyticsDailyIndex('_x', 'log', day)).toThrow(InvalidAnalyticsIndexIdError);
    }
  });
});
