import type { IncomingMessage } from 'node:http';
import { METRICS_TEXT_LIMITS } from '@app/contracts';
import { RequestFacts, cutText, metricsReport } from './metrics-report';

function facts(url: string, headers: Record<string, string>, overrides: Partial<RequestFacts> = {}): RequestFacts {
  const req = { method: 'GET', url, headers, socket: { remoteAddress: '127.0.0.1' } } as unknown as IncomingMessage;
  return { timestamp: Date.now(), requestId: 'r-1', transactionId: 't-1', req, apiId: 'api-1', pathInfo: '/x', status: 200, requestContentLength: 0, responseContentLength: 0, gatewayResponseTimeMs: 1, ...overrides };
}

describe('metricsReport', () => {
  it('never stores an API key, whatever the encoding of its parameter name', () => {
    for (const name of ['api-key', 'api%2Dkey', 'API%2DKEY']) {
      const report = metricsReport(facts(`/ctx/x?a=1&${name}=SECRET-KEY`, {}));
      expect(JSON.stringify(report)).not.toContain('SECRET-KEY');
    }
  });

  it('cuts over-long header values to the contract, so the report stays valid', () => {
    const huge = 'x'.repeat(20_000);
    const report = metricsReport(facts(`/ctx/${huge}`, { host: huge, 'user-agent': huge }, { transactionId: huge, pathInfo: `/${huge}`, errorMessage: huge }));
    for (const [field, max] of Object.entries(METRICS_TEXT_LIMITS)) {
      const value = (report as unknown as Record<string, unknown>)[field];
      if (typeof value === 'string') expect({ field, length: value.length }).toEqual({ field, length: Math.min(value.length, max) });
    }
    expect((report as { transactionId: string }).transactionId).toHaveLength(METRICS_TEXT_LIMITS.transactionId);
    expect((report as { userAgent: string }).userAgent).toHaveLength(METRICS_TEXT_LIMITS.userAgent);
  });

  it('never cuts half a surrogate pair', () => {
    expect(cutText('ab😀', 3)).toBe('ab');
    expect(cutText('ab😀', 4)).toBe('ab😀');
  });
});
