import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { describeFieldErrors } from './compiled-validator';
import { fromGraviteeReport } from './gravitee-reports';
import { REPORT_CLASSES, ReportRecordHeader, ReportRecordV1, ReportType, decodeReportRecord, validateReport } from './reports';

/** The reference: what class-transformer + class-validator say about the same input. */
function reference(cls: new () => object, value: object): { ok: boolean; json?: string; error?: string } {
  const instance = plainToInstance(cls, value);
  const errors = validateSync(instance, { forbidUnknownValues: false });
  if (errors.length > 0) return { ok: false, error: describeFieldErrors(toFieldErrors(errors)).join('; ') };
  return { ok: true, json: JSON.stringify(instance) };
}

function toFieldErrors(errors: ValidationError[]): Array<{ property: string; messages: string[]; children: ReturnType<typeof toFieldErrors> }> {
  return errors.map((e) => ({ property: e.property, messages: Object.values(e.constraints ?? {}), children: toFieldErrors(e.children ?? []) }));
}

const now = Date.UTC(2026, 10, 26, 12);
const valid: Record<ReportType, Record<string, unknown>> = {
  metrics: { type: 'metrics', timestamp: now, requestId: 'r-1', apiId: 'api', status: 200, httpMethod: 'GET', uri: '/a', gatewayResponseTimeMs: 3, extra: { kept: true } },
  log: { type: 'log', timestamp: new Date(now).toISOString(), requestId: 'r-1', apiId: 'api', entrypointRequest: { method: 'GET' } },
  health: { type: 'health', timestamp: String(now), apiId: 'api', success: true, responseTimeMs: 4 },
  monitor: { type: 'monitor', timestamp: now, nodeId: 'n-1', hostname: 'h', jvm: { heap: 1 } },
};

/** Mutations a gateway could send: each replaces or removes one field. */
const mutations: Array<[string, unknown]> = [
  ['timestamp', undefined], ['timestamp', 'yesterday'], ['timestamp', -5], ['timestamp', '2026-11-26T12:00:00Z'], ['timestamp', 1e16],
  ['requestId', undefined], ['requestId', ''], ['requestId', 42], ['requestId', 'x'.repeat(300)],
  ['apiId', null], ['status', 99.5], ['status', 1000], ['status', '200'], ['status', undefined],
  ['httpMethod', 7], ['uri', 'x'.repeat(9000)], ['gatewayResponseTimeMs', -1], ['gatewayResponseTimeMs', Number.NaN], ['gatewayResponseTimeMs', null],
  ['success', 'yes'], ['success', undefined], ['nodeId', ''], ['jvm', 'big'], ['jvm', null], ['entrypointRequest', []], ['hostname', 5],
];

describe('compiled report validation agrees with class-validator', () => {
  const cases = (Object.keys(valid) as ReportType[]).flatMap((type) => [
    [type, 'valid', valid[type]] as const,
    ...mutations.map(([field, value]) => [type, `${field}=${JSON.stringify(value)}`, { ...valid[type], [field]: value }] as const),
  ]);

  it.each(cases)('%s with %s', (type, _label, input) => {
    // Both see the report in the contract's terms (a Gravitee `-1` length is "unknown", see gravitee-reports.ts).
    const expected = reference(REPORT_CLASSES[type], fromGraviteeReport(input) ?? input);
    const actual = validateReport(input);
    expect(actual.ok).toBe(expected.ok);
    if (actual.ok) expect(JSON.parse(JSON.stringify(actual.report))).toEqual(JSON.parse(expected.json ?? 'null'));
    else expect(actual.error).toBe(expected.error);
  });

  it('checks the record header and its nested tenant like class-validator, in both message versions', () => {
    const tenant = { accountId: 'a', organizationId: 'o', analyticsIndexId: 'i', gatewayId: 'g' };
    const header = { v: '2', receivedAt: now, tenant };
    const v2 = (h: object, report: object = valid.metrics) => decodeReportRecord(`${JSON.stringify(h)}\ndoc\n${JSON.stringify(report)}`);
    const v1 = (h: object, report: object = valid.metrics) => decodeReportRecord(JSON.stringify({ id: 'doc', ...h, v: '1', report }));
    expect(v2(header)).toMatchObject({ ok: true, envelope: { id: 'doc', tenant, report: { requestId: 'r-1' } } });
    expect(v1(header)).toMatchObject({ ok: true, envelope: { id: 'doc', tenant, report: { requestId: 'r-1' } } });
    for (const bad of [{ ...header, tenant: { ...tenant, gatewayId: '' } }, { ...header, tenant: 'nobody' }, { ...header, tenant: undefined }, { ...header, receivedAt: 'now' }]) {
      expect(v2(bad)).toEqual({ ok: false, error: `invalid envelope: ${reference(ReportRecordHeader, bad).error}` });
      expect(v1(bad)).toEqual({ ok: false, error: `invalid envelope: ${reference(ReportRecordV1, { id: 'doc', ...bad, v: '1', report: {} }).error}` });
    }
    expect(v1({ ...header, id: '' })).toEqual({ ok: false, error: `invalid envelope: ${reference(ReportRecordV1, { ...header, id: '', v: '1', report: {} }).error}` });
    expect(v2(header, { ...valid.metrics, status: 'ok' })).toEqual({ ok: false, error: expect.stringMatching(/^invalid envelope: report: status/) });
    expect(v1(header, { ...valid.metrics, status: 'ok' })).toEqual({ ok: false, error: expect.stringMatching(/^invalid envelope: report: status/) });
  });
});
