import 'reflect-metadata';
import { MetricsReport, buildEnvelope } from '@app/contracts';
import { decodeReportMessage } from './report-document';

const tenant = { accountId: 'acc-1', organizationId: 'org-1', analyticsIndexId: 'IdxAbc', gatewayId: 'gw-1' };
const report = Object.assign(new MetricsReport(), {
  type: 'metrics' as const,
  timestamp: Date.UTC(2026, 10, 26, 23, 59, 59),
  requestId: 'req-1',
  apiId: 'api-1',
  status: 200,
  gatewayResponseTimeMs: 12,
});

describe('decodeReportMessage', () => {
  it('turns a valid envelope into its document, in the daily index of the report’s own UTC day', () => {
    const envelope = buildEnvelope(tenant, report, Date.UTC(2026, 10, 27, 0, 0, 5));
    const decoded = decodeReportMessage(Buffer.from(JSON.stringify(envelope)));
    expect(decoded).toEqual({
      ok: true,
      document: expect.objectContaining({ index: 'gravitee-idxabc-metrics-2026.11.26', alias: 'gravitee-idxabc-metrics', id: envelope.id, type: 'metrics' }),
    });
    if (!decoded.ok) return;
    expect(decoded.document.document).toMatchObject({ '@timestamp': report.timestamp, accountId: 'acc-1', gatewayId: 'gw-1', apiId: 'api-1', status: 200 });
  });

  it('keeps the tenancy of the envelope even when the report claims another account', () => {
    const envelope = buildEnvelope(tenant, Object.assign(new MetricsReport(), { ...report, accountId: 'someone-else' }), Date.now());
    const decoded = decodeReportMessage(Buffer.from(JSON.stringify(envelope)));
    expect(decoded.ok && decoded.document.document.accountId).toBe('acc-1');
  });

  it('keeps a report’s own "__proto__" key as data, never as the document’s prototype', () => {
    const text = JSON.stringify(buildEnvelope(tenant, report, 1)).replace('"report":{', '"report":{"__proto__":{"polluted":true},');
    const decoded = decodeReportMessage(Buffer.from(text));
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    const document = decoded.document.document;
    expect(Object.getPrototypeOf(document)).toBe(Object.prototype);
    expect((document as { polluted?: unknown }).polluted).toBeUndefined();
    expect(JSON.parse(JSON.stringify(document))).toMatchObject({ __proto__: { polluted: true }, accountId: 'acc-1', requestId: 'req-1' });
  });

  it.each([
    ['an empty message', null, /empty/],
    ['broken JSON', Buffer.from('{"v":'), /^not JSON/],
    ['an envelope without tenant', Buffer.from(JSON.stringify({ ...buildEnvelope(tenant, report, 1), tenant: undefined })), /tenant/],
    ['a report breaking the contract', Buffer.from(JSON.stringify(buildEnvelope(tenant, { ...report, status: 'ok' } as unknown as MetricsReport, 1))), /status/],
    ['an index id that cannot name an index', Buffer.from(JSON.stringify(buildEnvelope({ ...tenant, analyticsIndexId: 'a/b' }, report, 1))), /analyticsIndexId/],
  ])('refuses %s with a reason', (_, value, reason) => {
    const decoded = decodeReportMessage(value);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.error).toMatch(reason);
  });
});
