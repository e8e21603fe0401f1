import 'reflect-metadata';
import { GatewayIdentity, buildEnvelope, decodeReportRecord, validateReport } from '@app/contracts';
import { CloudGateError } from '../cloud-gate.errors';
import { parseReportBatch } from './report-batch';

const identity: GatewayIdentity = {
  tokenId: 'jti-1',
  accountId: 'acc-1',
  organizationId: 'org-1',
  environmentIds: ['env-1'],
  analyticsIndexId: 'idx1',
  gatewayId: 'gw-1',
  geography: 'eu',
  scopes: ['reports'],
};
const now = Date.UTC(2026, 10, 26, 12);
const metrics = (i: number, extra: Record<string, unknown> = {}) => ({ type: 'metrics', timestamp: now, requestId: `r-${i}`, apiId: 'api', status: 200, ...extra });

/** What the envelope of `raw` must say: the tenancy of the token and the validated report. */
function expected(raw: unknown) {
  const v = validateReport(raw);
  if (!v.ok) throw new Error(v.error);
  const { tokenId, environmentIds, geography, scopes, ...tenant } = identity;
  void [tokenId, environmentIds, geography, scopes];
  return JSON.parse(JSON.stringify(buildEnvelope(tenant, v.report, now)));
}

/** The envelope a message value carries, as the ingest worker reads it. */
function decoded(value: string) {
  const record = decodeReportRecord(value);
  if (!record.ok) throw new Error(record.error);
  return JSON.parse(JSON.stringify(record.envelope));
}

describe('parseReportBatch', () => {
  it('stamps NDJSON lines with the token’s tenancy, lists bad lines by number and keeps the rest', () => {
    const body = [JSON.stringify(metrics(1)), '', '{oops', JSON.stringify(metrics(2, { status: 'fine' })), `  ${JSON.stringify(metrics(3, { accountId: 'someone-else' }))}\r`].join('\n');
    const batch = parseReportBatch(Buffer.from(body), identity, now);
    expect(batch.rejected).toEqual([
      { line: 3, error: 'not valid JSON' },
      { line: 4, error: expect.stringMatching(/^status/) },
    ]);
    expect(batch.envelopes.map(decoded)).toEqual([expected(metrics(1)), expected(metrics(3, { accountId: 'someone-else' }))]);
    expect(decoded(batch.envelopes[1]).tenant.accountId).toBe('acc-1');
  });

  it('carries an accepted line as it was sent, and writes a normalised report anew', () => {
    const line = '{"type":"metrics",  "timestamp":1795694400000,"requestId":"r-1","apiId":"api","status":200}';
    const iso = JSON.stringify(metrics(2, { timestamp: new Date(now).toISOString() }));
    const batch = parseReportBatch(Buffer.from(`${line}\n${iso}`), identity, now);
    expect(batch.envelopes[0].split('\n')[2]).toBe(line);
    expect(decodeReportRecord(batch.envelopes[0])).toMatchObject({ ok: true, reportJson: Buffer.from(line) });
    expect(decoded(batch.envelopes[1]).report.timestamp).toBe(now);
    expect(decoded(batch.envelopes[1])).toEqual(expected(JSON.parse(iso)));
    expect(batch.envelopes[1].split('\n')[2]).not.toContain(new Date(now).toISOString());
  });

  it('reads a JSON array the same way', () => {
    const batch = parseReportBatch(Buffer.from(JSON.stringify([metrics(1), { type: 'nope' }])), identity, now);
    expect(batch.envelopes.map(decoded)).toEqual([expected(metrics(1))]);
    expect(batch.rejected).toEqual([{ line: 2, error: expect.stringMatching(/^type must be one of/) }]);
  });

  it('refuses a body with nothing decodable', () => {
    expect(() => parseReportBatch(Buffer.from('\n\n'), identity, now)).toThrow(CloudGateError);
    expect(() => parseReportBatch(Buffer.from('nope\nnope'), identity, now)).toThrow(/neither NDJSON nor a JSON array/);
  });

  it('lists a report nested deeper than 32 levels as a line error before anything walks it, NDJSON or array alike', () => {
    const deep = (levels: number) => `${'{"k":'.repeat(levels)}"leaf"${'}'.repeat(levels)}`;
    const monitor = (jvm: string) => `{"type":"monitor","timestamp":${now},"nodeId":"n","jvm":${jvm}}`;
    const tooDeep = monitor(deep(20_000));
    const ndjson = parseReportBatch(Buffer.from([JSON.stringify(metrics(1)), tooDeep, monitor(deep(30))].join('\n')), identity, now);
    expect(ndjson.rejected).toEqual([{ line: 2, error: 'nested deeper than 32 levels' }]);
    expect(ndjson.envelopes).toHaveLength(2);
    const array = parseReportBatch(Buffer.from(`[${JSON.stringify(metrics(1))},${tooDeep}]`), identity, now);
    expect(array.rejected).toEqual([{ line: 2, error: 'nested deeper than 32 levels' }]);
    expect(array.envelopes).toHaveLength(1);
  });
});
