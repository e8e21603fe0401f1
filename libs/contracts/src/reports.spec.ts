import 'reflect-metadata';
import { EnvelopeSerializer, MetricsReport, ReportRecordDecoder, buildEnvelope, decodeReportRecord, encodeReportRecord, validateReport } from './reports';

const tenant = { accountId: 'acc-1', organizationId: 'org-1', analyticsIndexId: 'idx1', gatewayId: 'gw-"1"' };
const now = Date.UTC(2026, 10, 26, 12);
const report = Object.assign(new MetricsReport(), { type: 'metrics' as const, timestamp: now, requestId: 'r-1', apiId: 'api', status: 200, note: 'é \u2028 "q"' });

describe('EnvelopeSerializer', () => {
  it('writes what encodeReportRecord(buildEnvelope(...)) writes, field for field', () => {
    const serializer = new EnvelopeSerializer({ ...tenant, extra: 'not part of the tenancy' } as typeof tenant, now + 5);
    expect(serializer.serialize(report)).toBe(encodeReportRecord(buildEnvelope(tenant, report, now + 5)));
  });

  it('writes header, document id and the JSON text it is given for the report, a line each', () => {
    const text = ` {"type":"metrics", "timestamp":${now},"requestId":"r-1","apiId":"api","status":200}`;
    const parsed = JSON.parse(text) as MetricsReport;
    const value = new EnvelopeSerializer(tenant, now).serialize(parsed, text);
    expect(value.split('\n')).toEqual([JSON.stringify({ v: '2', receivedAt: now, tenant }), buildEnvelope(tenant, parsed, now).id, text]);
    expect(decodeReportRecord(value)).toEqual({ ok: true, envelope: buildEnvelope(tenant, parsed, now), reportJson: Buffer.from(text) });
  });
});

describe('decodeReportRecord', () => {
  const envelope = buildEnvelope(tenant, report, now + 5);

  it('reads back what encodeReportRecord writes, with the report text it may index as it is', () => {
    expect(decodeReportRecord(encodeReportRecord(envelope))).toEqual({ ok: true, envelope: JSON.parse(JSON.stringify(envelope)), reportJson: Buffer.from(JSON.stringify(report)) });
  });

  it('withholds the report text when validation changed the report or the text spans lines', () => {
    const [header, id] = encodeReportRecord(envelope).split('\n');
    const iso = decodeReportRecord(`${header}\n${id}\n${JSON.stringify({ ...report, timestamp: new Date(now).toISOString() })}`);
    expect(iso).toEqual({ ok: true, envelope: expect.objectContaining({ report: expect.objectContaining({ timestamp: now }) }) });
    const pretty = decodeReportRecord(`${header}\n${id}\n${JSON.stringify(report, null, 2)}`);
    expect(pretty).toEqual({ ok: true, envelope: JSON.parse(JSON.stringify(envelope)) });
  });

  it('checks a header once for the run of messages that share it', () => {
    const decoder = new ReportRecordDecoder();
    const values = [1, 2, 3].map((i) => Buffer.from(new EnvelopeSerializer(tenant, now).serialize({ ...report, requestId: `r-${i}` })));
    const [first, second] = values.map((v) => decoder.decode(v));
    expect(first.ok && second.ok && first.envelope.tenant).toBe(second.ok && second.envelope.tenant);
    expect(values.map((v) => decoder.decode(v))).toEqual(values.map((v) => decodeReportRecord(v)));
    const badHeader = JSON.stringify({ v: '2', receivedAt: now, tenant: { ...tenant, accountId: '' } });
    const bad = Buffer.from(`${badHeader}\n${values[0].toString().split('\n').slice(1).join('\n')}`);
    expect(decoder.decode(bad)).toEqual({ ok: false, error: expect.stringMatching(/^invalid envelope: tenant\.accountId/) });
    expect(decoder.decode(bad)).toEqual(decodeReportRecord(bad));
    expect(decoder.decode(values[2])).toMatchObject({ ok: true });
  });

  it('still reads version 1 messages, the envelope as one JSON document', () => {
    expect(decodeReportRecord(JSON.stringify({ v: '1', ...envelope }))).toEqual({ ok: true, envelope: JSON.parse(JSON.stringify(envelope)) });
    expect(decodeReportRecord(JSON.stringify({ v: '1', ...envelope }, null, 2))).toMatchObject({ ok: true, envelope: { id: envelope.id } });
  });

  it('says what is wrong with anything else', () => {
    const [header, id] = encodeReportRecord(envelope).split('\n');
    const threeLines = 'invalid envelope: a version 2 record has three lines: header, document id, report';
    expect(decodeReportRecord('{"this is": not json')).toEqual({ ok: false, error: expect.stringMatching(/^not JSON: /) });
    expect(decodeReportRecord(header)).toEqual({ ok: false, error: threeLines });
    expect(decodeReportRecord(`${header}\n${JSON.stringify(report)}`)).toEqual({ ok: false, error: threeLines });
    expect(decodeReportRecord(`${header}\n\n${JSON.stringify(report)}`)).toEqual({ ok: false, error: expect.stringMatching(/^invalid envelope: the document id/) });
    expect(decodeReportRecord(`${header}\nan id\n${JSON.stringify(report)}`)).toEqual({ ok: false, error: expect.stringMatching(/^invalid envelope: the document id/) });
    expect(decodeReportRecord(`${header}\n${id}\n{"type":`)).toEqual({ ok: false, error: expect.stringMatching(/^invalid envelope: report: not JSON/) });
    expect(decodeReportRecord(`${header}\n${id}\n{"type":"metrics"}`)).toEqual({ ok: false, error: expect.stringMatching(/^invalid envelope: report: requestId must be a string;.*timestamp must be/) });
    expect(decodeReportRecord(JSON.stringify({ v: '3', ...envelope }))).toEqual({ ok: false, error: expect.stringMatching(/^invalid envelope: v must be/) });
    expect(decodeReportRecord('[1]')).toEqual({ ok: false, error: 'invalid envelope: envelope must be a JSON object' });
    expect(() => encodeReportRecord({ ...envelope, id: 'two\nlines' })).toThrow(/cannot be carried/);
  });
});

describe('validateReport', () => {
  it('says when validation changed the report, so its received text no longer stands for it', () => {
    expect(validateReport({ ...report })).toMatchObject({ ok: true, normalized: false });
    expect(validateReport({ ...report, timestamp: new Date(now).toISOString() })).toMatchObject({ ok: true, normalized: true, report: { timestamp: now } });
    expect(validateReport({ ...report, timestamp: String(now) })).toMatchObject({ ok: true, normalized: true, report: { timestamp: now } });
  });

  it('hands back the report it was given unless it normalised it, and then leaves the input as it was', () => {
    const plain = { ...report };
    expect(validateReport(plain)).toMatchObject({ ok: true, report: expect.any(Object) });
    expect((validateReport(plain) as { report: unknown }).report).toBe(plain);
    const iso = { ...report, timestamp: new Date(now).toISOString() };
    const normalised = validateReport(iso) as { report: unknown };
    expect(normalised.report).not.toBe(iso);
    expect(iso.timestamp).toBe(new Date(now).toISOString());
  });
});
