import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateReport } from './reports';

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'gravitee-4.1');
const lines = (file: string) =>
  readFileSync(join(FIXTURES, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('reports as Gravitee 4.1 writes them', () => {
  it('reads its v4 metrics lines as they are: metrics, unknown (-1) lengths left out, its other fields kept', () => {
    const metrics = lines('v4-metrics.ndjson');
    expect(metrics.length).toBeGreaterThan(0);
    for (const line of metrics) {
      const result = validateReport(line);
      if (!result.ok) throw new Error(result.error);
      expect(result.normalized).toBe(true);
      expect(result.report).toMatchObject({ type: 'metrics', requestId: line.requestId, apiId: line.apiId, status: line.status, enabled: true, apiType: 'proxy' });
      expect(result.report).not.toHaveProperty('requestContentLength');
      expect(result.report).toHaveProperty('responseContentLength', line.responseContentLength);
      expect(result.report).toHaveProperty('clientIdentifier', line.clientIdentifier);
      // The input is not changed under the caller.
      expect(line).not.toHaveProperty('type');
    }
  });

  it('reads its node monitor lines as monitor reports', () => {
    for (const line of lines('node-monitor.ndjson')) {
      const result = validateReport(line);
      if (!result.ok) throw new Error(result.error);
      expect(result.report).toMatchObject({ type: 'monitor', nodeId: line.nodeId, jvm: expect.any(Object) });
    }
  });

  it('still refuses what is not a report, and negative values other than -1', () => {
    expect(validateReport({ timestamp: Date.now(), apiId: 'a', status: 200 }).ok).toBe(false);
    expect(validateReport({ timestamp: Date.now(), requestId: 'r', apiId: 'a', status: 200, requestContentLength: -2 }).ok).toBe(false);
    expect(validateReport({ type: 'log', timestamp: Date.now(), requestId: 'r', apiId: 'a', requestContentLength: -1 })).toMatchObject({ ok: true });
  });

  it('leaves a report already in the contract’s terms alone', () => {
    const report = { type: 'metrics', timestamp: Date.now(), requestId: 'r', apiId: 'a', status: 200, requestContentLength: 0 };
    expect(validateReport(report)).toEqual({ ok: true, report, normalized: false });
  });
});
