import { InvalidAnalyticsIndexIdError, Report, ReportEnvelope, ReportRecordDecoder, ReportTenant, ReportType, analyticsAlias, analyticsDailyIndex } from '@app/contracts';
import type { BulkIndexItem } from '@app/elasticsearch';

/** A document bound for its daily index, with the alias readers find it under. */
export interface ReportDocument extends BulkIndexItem {
  alias: string;
  type: ReportType;
  /**
   * `source` is the report's text as it arrived with the tenancy appended. Elasticsearch can read
   * such a text differently from the contract (it refuses a duplicate key, which JSON.parse lets the
   * last one win): a refused verbatim document is written anew from the decoded report and retried.
   */
  verbatim: boolean;
}

const CLOSING_BRACE = 0x7d;

/** Fields the worker stamps on every document; a report that has one of its own is written anew. */
const STAMPED_FIELDS = ['@timestamp', 'receivedAt', 'accountId', 'organizationId', 'gatewayId'] as const;

/**
 * The Elasticsearch document of one report: the report's own fields, `@timestamp` from the report
 * (not from when it was received, so late reports land on their day), and the tenancy the gate
 * stamped. Tenancy always wins, so a report can never claim another account.
 *
 * With `reportJson` (the report's bytes, as `decodeReportRecord` vouches for them) the document is
 * those bytes with the stamped fields appended: no second serialisation of every report. Without it, or
 * when the report has a stamped field of its own, the document is serialised from `report`.
 * Throws `InvalidAnalyticsIndexIdError` when the envelope's index id cannot name an index.
 */
export function toIndexedDocument(envelope: ReportEnvelope, reportJson?: Buffer): ReportDocument {
  const { report, tenant } = envelope;
  const verbatim = reportJson !== undefined && !STAMPED_FIELDS.some((field) => Object.prototype.hasOwnProperty.call(report, field));
  return {
    index: analyticsDailyIndex(tenant.analyticsIndexId, report.type, report.timestamp),
    alias: analyticsAlias(tenant.analyticsIndexId, report.type),
    type: report.type,
    id: envelope.id,
    source: verbatim
      ? [reportJson.subarray(0, reportJson.lastIndexOf(CLOSING_BRACE)), `,"@timestamp":${JSON.stringify(report.timestamp)},${tenancyFields(envelope.receivedAt, tenant)}}`]
      : JSON.stringify(withTenancy(report, envelope.receivedAt, tenant)),
    verbatim,
  };
}

let lastTenancy: { receivedAt: number; tenant: ReportTenant; fields: string } | undefined;

/** `"receivedAt":…,"accountId":…,"organizationId":…,"gatewayId":…`, written once for the reports of one call (they share a tenant). */
function tenancyFields(receivedAt: number, tenant: ReportTenant): string {
  if (lastTenancy?.tenant === tenant && lastTenancy.receivedAt === receivedAt) return lastTenancy.fields;
  const fields =
    `"receivedAt":${JSON.stringify(receivedAt)},"accountId":${JSON.stringify(tenant.accountId)},` +
    `"organizationId":${JSON.stringify(tenant.organizationId)},"gatewayId":${JSON.stringify(tenant.gatewayId)}`;
  lastTenancy = { receivedAt, tenant, fields };
  return fields;
}

/**
 * `{ ...report, '@timestamp', receivedAt, accountId, organizationId, gatewayId }`, built with
 * `Object.assign` and plain stores: V8 runs that literal-after-spread form ~20x slower (~10 µs a
 * document, measured). A report with an own `__proto__` key (JSON can say so) takes the spread,
 * which defines that key instead of setting the prototype.
 */
function withTenancy(report: Report, receivedAt: number, tenant: ReportTenant): Record<string, unknown> {
  const document: Record<string, unknown> = Object.prototype.hasOwnProperty.call(report, '__proto__') ? { ...report } : Object.assign({}, report);
  document['@timestamp'] = report.timestamp;
  document.receivedAt = receivedAt;
  document.accountId = tenant.accountId;
  document.organizationId = tenant.organizationId;
  document.gatewayId = tenant.gatewayId;
  return document;
}

export type DecodedReport = { ok: true; document: ReportDocument } | { ok: false; error: string };

export interface DecodeOptions {
  /** Shared by the messages of one batch, which mostly come in runs with the same header. */
  decoder?: ReportRecordDecoder;
  /** `false` serialises the document from the decoded report even when its text could be used. */
  verbatim?: boolean;
}

/**
 * A consumed message value → its document, validated against the same contract the gate
 * produces with. Anything else is poison, with the reason it will be dead-lettered under.
 */
export function decodeReportMessage(value: Buffer | null, { decoder = new ReportRecordDecoder(), verbatim = true }: DecodeOptions = {}): DecodedReport {
  if (!value || value.length === 0) return { ok: false, error: 'empty message value' };
  const decoded = decoder.decode(value);
  if (!decoded.ok) return decoded;
  try {
    return { ok: true, document: toIndexedDocument(decoded.envelope, verbatim ? decoded.reportJson : undefined) };
  } catch (err) {
    if (err instanceof InvalidAnalyticsIndexIdError) return { ok: false, error: `invalid envelope: ${err.message}` };
    throw err;
  }
}
