import 'reflect-metadata';
import { MetricsReport, buildEnvelope, encodeReportRecord } from '@app/contracts';
import { DecodedReport, ReportDocument, decodeReportMessage } from './report-document';

const tenant = { accountId: 'acc-1', organizationId: 'org-1', analyticsIndexId: 'IdxAbc', gatewayId: 'gw-1' };
const report = Object.assign(new MetricsReport(), {
  type: 'metrics' as const,
  timestamp: Date.UTC(2026, 10, 26, 23, 59, 59),
  requestId: 'req-1',
  apiId: 'api-1',
  status: 200,
  gatewayResponseTimeMs: 12,
});

/** The document's JSON text, as the bulk body will carry it. */
function jsonOf({ source }: ReportDocument): string {
  return typeof source === 'string' ? source : Buffer.concat(source.map((piece) => (typeof piece === 'string' ? Buffer.from(piece) : piece))).toString('utf8');
}

function documentOf(decoded: DecodedReport): ReportDocument {
  if (!decoded.ok) throw new Error(decoded.error);
  return decoded.document;
}

/** A version 2 message whose report line is `reportText`. */
function message(reportText: string, t = tenant): Buffer {
  const [header, id] = encodeReportRecord(buildEnvelope(t, JSON.parse(reportText) as MetricsReport, 7)).split('\n');
  return Buffer.from(`${header}\n${id}\n${reportText}`);
}

describe('decodeReportMessage', () => {
  it('turns a message into its document, in the daily index of the report’s own UTC day', () => {
    const envelope = buildEnvelope(tenant, report, Date.UTC(2026, 10, 27, 0, 0, 5));
    const document = documentOf(decodeReportMessage(Buffer.from(encodeReportRecord(envelope))));
    expect(document).toMatchObject({ index: 'gravitee-idxabc-metrics-2026.11.26', alias: 'gravitee-idxabc-metrics', id: envelope.id, type: 'metrics' });
    expect(JSON.parse(jsonOf(document))).toEqual({
      ...JSON.parse(JSON.stringify(report)),
      '@timestamp': report.timestamp,
      receivedAt: envelope.receivedAt,
      accountId: 'acc-1',
      organizationId: 'org-1',
      gatewayId: 'gw-1',
    });
  });

  it('indexes the report’s text as it arrived, with the tenancy appended', () => {
    const text = `{"type":"metrics","timestamp":${report.timestamp},"requestId":"req-1", "apiId":"api-1","status":200,"note":"é \\u00e9 \\"q\\""} `;
    const document = documentOf(decodeReportMessage(message(text)));
    expect(document.verbatim).toBe(true);
    expect(jsonOf(document)).toBe(`${text.trimEnd().slice(0, -1)},"@timestamp":${report.timestamp},"receivedAt":7,"accountId":"acc-1","organizationId":"org-1","gatewayId":"gw-1"}`);
    expect(JSON.parse(jsonOf(document))).toMatchObject({ note: 'é é "q"', apiId: 'api-1', accountId: 'acc-1' });
  });

  it('writes the document anew when asked to, or when the text cannot stand for the report', () => {
    const text = JSON.stringify(report);
    const asked = documentOf(decodeReportMessage(message(text), { verbatim: false }));
    expect(asked.verbatim).toBe(false);
    expect(JSON.parse(jsonOf(asked))).toEqual(JSON.parse(jsonOf(documentOf(decodeReportMessage(message(text))))));
    const iso = documentOf(decodeReportMessage(message(JSON.stringify({ ...report, timestamp: new Date(report.timestamp).toISOString() }))));
    expect(iso.verbatim).toBe(false);
    expect(JSON.parse(jsonOf(iso))).toMatchObject({ timestamp: report.timestamp, '@timestamp': report.timestamp });
    const v1 = documentOf(decodeReportMessage(Buffer.from(JSON.stringify({ v: '1', ...buildEnvelope(tenant, report, 7) }))));
    expect(v1.verbatim).toBe(false);
    expect(JSON.parse(jsonOf(v1))).toEqual(JSON.parse(jsonOf(asked)));
  });

  it('keeps the tenancy of the envelope even when the report claims another account', () => {
    const document = documentOf(decodeReportMessage(message(JSON.stringify({ ...report, accountId: 'someone-else', receivedAt: 1 }))));
    expect(document.verbatim).toBe(false);
    expect(JSON.parse(jsonOf(document))).toMatchObject({ accountId: 'acc-1', receivedAt: 7 });
  });

  it.each([true, false])('keeps a report’s own "__proto__" key as data (verbatim %s)', (verbatim) => {
    const text = JSON.stringify(report).replace('{', '{"__proto__":{"polluted":true},');
    const document = documentOf(decodeReportMessage(message(text), { verbatim }));
    expect(document.verbatim).toBe(verbatim);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    const parsed = JSON.parse(jsonOf(document)) as Record<string, unknown>;
    expect(Object.getOwnPropertyDescriptor(parsed, '__proto__')?.value).toEqual({ polluted: true });
    expect(parsed).toMatchObject({ accountId: 'acc-1', requestId: 'req-1' });
  });

  it.each([
    ['an empty message', null, /empty/],
    ['broken JSON', Buffer.from('{"v":'), /^not JSON/],
    ['an envelope without tenant', Buffer.from(encodeReportRecord(buildEnvelope(tenant, report, 1)).replace(/,"tenant":\{[^}]*\}/, '')), /tenant/],
    ['a report breaking the contract', message(JSON.stringify({ ...report, status: 'ok' })), /status/],
    ['an index id that cannot name an index', message(JSON.stringify(report), { ...tenant, analyticsIndexId: 'a/b' }), /analyticsIndexId/],
  ])('refuses %s with a reason', (_, value, reason) => {
    const decoded = decodeReportMessage(value);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.error).toMatch(reason);
  });
});
