import 'reflect-metadata';
import { EnvelopeSerializer, MetricsReport, buildEnvelope, validateReport } from './reports';

const tenant = { accountId: 'acc-1', organizationId: 'org-1', analyticsIndexId: 'idx1', gatewayId: 'gw-"1"' };
const now = Date.UTC(2026, 10, 26, 12);
const report = Object.assign(new MetricsReport(), { type: 'metrics' as const, timestamp: now, requestId: 'r-1', apiId: 'api', status: 200, note: 'é \u2028 "q"' });

describe('EnvelopeSerializer', () => {
  it('writes what JSON.stringify(buildEnvelope(...)) writes, field for field', () => {
    const serializer = new EnvelopeSerializer({ ...tenant, extra: 'not part of the tenancy' } as typeof tenant, now + 5);
    expect(serializer.serialize(report)).toBe(JSON.stringify(buildEnvelope(tenant, report, now + 5)));
  });

  it('reuses the JSON text it is given for the report', () => {
    const text = ` {"type":"metrics", "timestamp":${now},"requestId":"r-1","apiId":"api","status":200}`;
    const parsed = JSON.parse(text) as MetricsReport;
    const value = new EnvelopeSerializer(tenant, now).serialize(parsed, text);
    expect(value).toContain(`"report": {"type":"metrics", "timestamp"`);
    expect(JSON.parse(value)).toEqual(JSON.parse(JSON.stringify(buildEnvelope(tenant, parsed, now))));
  });
});

describe('validateReport', () => {
  it('says when validation changed the report, so its received text no longer stands for it', () => {
    expect(validateReport({ ...report })).toMatchObject({ ok: true, normalized: false });
    expect(validateReport({ ...report, timestamp: new Date(now).toISOString() })).toMatchObject({ ok: true, normalized: true, report: { timestamp: now } });
    expect(validateReport({ ...report, timestamp: String(now) })).toMatchObject({ ok: true, normalized: true, report: { timestamp: now } });
  });
});
