import { hash } from 'node:crypto';
import { Transform, Type } from 'class-transformer';
import { Compiled, compileValidator, describeFieldErrors } from './compiled-validator';
import { fromGraviteeReport } from './gravitee-reports';
import {
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
  buildMessage,
} from 'class-validator';

/** Report contract (SPEC §5): what a gateway posts to `/reports` and what travels through Kafka. */
export const REPORT_TYPES = ['metrics', 'log', 'health', 'monitor'] as const;
export type ReportType = (typeof REPORT_TYPES)[number];

const MIN_TIME = Date.UTC(2000, 0, 1);
const MAX_TIME = Date.UTC(2200, 0, 1);

/** Epoch milliseconds or an ISO-8601 string; both are stored as epoch milliseconds. */
function IsReportTimestamp() {
  return ValidateBy({
    name: 'isReportTimestamp',
    validator: {
      validate: (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value >= MIN_TIME && value < MAX_TIME,
      defaultMessage: buildMessage(() => '$property must be epoch milliseconds or an ISO-8601 date'),
    },
  });
}

function toEpochMillis({ value }: { value: unknown }): unknown {
  if (typeof value === 'string' && value.trim() !== '') {
    if (/^\d+$/.test(value)) return Number(value);
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? value : parsed;
  }
  return value;
}

abstract class BaseReport {
  @IsIn(REPORT_TYPES as unknown as string[])
  type!: ReportType;

  @Transform(toEpochMillis)
  @IsReportTimestamp()
  timestamp!: number;

  [extra: string]: unknown;
}

const ID = () => [IsString(), IsNotEmpty(), MaxLength(256)];
function applyAll(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => decorators.forEach((d) => d(target, key));
}
const RequiredId = () => applyAll(...ID());
const OptionalText = (max = 2048) => applyAll(IsOptional(), IsString(), MaxLength(max));
const OptionalCount = () => applyAll(IsOptional(), IsNumber({ allowNaN: false, allowInfinity: false }), Min(0));

export class MetricsReport extends BaseReport {
  declare type: 'metrics';

  @RequiredId() requestId!: string;
  @OptionalText(256) transactionId?: string;
  @RequiredId() apiId!: string;
  @OptionalText(512) apiName?: string;
  @OptionalText(256) planId?: string;
  @OptionalText(256) applicationId?: string;
  @OptionalText(256) subscriptionId?: string;
  @OptionalText(16) httpMethod?: string;
  @OptionalText(512) host?: string;
  @OptionalText(8192) uri?: string;
  @OptionalText(8192) pathInfo?: string;

  @IsInt()
  @Min(0)
  @Max(999)
  status!: number;

  @OptionalCount() requestContentLength?: number;
  @OptionalCount() responseContentLength?: number;
  @OptionalCount() gatewayResponseTimeMs?: number;
  @OptionalCount() endpointResponseTimeMs?: number;
  @OptionalCount() gatewayLatencyMs?: number;
  @OptionalText(256) remoteAddress?: string;
  @OptionalText(2048) userAgent?: string;
  @OptionalText(8192) endpoint?: string;
  @OptionalText(256) errorKey?: string;
  @OptionalText(8192) errorMessage?: string;
}

export class LogReport extends BaseReport {
  declare type: 'log';
  @RequiredId() requestId!: string;
  @RequiredId() apiId!: string;
  @IsOptional() @IsObject() entrypointRequest?: Record<string, unknown>;
  @IsOptional() @IsObject() entrypointResponse?: Record<string, unknown>;
  @IsOptional() @IsObject() endpointRequest?: Record<string, unknown>;
  @IsOptional() @IsObject() endpointResponse?: Record<string, unknown>;
}

export class HealthReport extends BaseReport {
  declare type: 'health';
  @RequiredId() apiId!: string;
  @OptionalText(8192) endpoint?: string;
  @IsBoolean() success!: boolean;
  @OptionalCount() responseTimeMs?: number;
  @OptionalText(64) state?: string;
}

export class MonitorReport extends BaseReport {
  declare type: 'monitor';
  @RequiredId() nodeId!: string;
  @OptionalText(512) hostname?: string;
  @IsOptional() @IsObject() jvm?: Record<string, unknown>;
  @IsOptional() @IsObject() os?: Record<string, unknown>;
  @IsOptional() @IsObject() process?: Record<string, unknown>;
}

export type Report = MetricsReport | LogReport | HealthReport | MonitorReport;

/** The contract class of each report type. */
export const REPORT_CLASSES: Record<ReportType, new () => BaseReport> = {
  metrics: MetricsReport,
  log: LogReport,
  health: HealthReport,
  monitor: MonitorReport,
};

/**
 * `normalized`: validation changed a field (an ISO-8601 or numeric-string timestamp made epoch
 * millis), so the report's JSON must be written anew rather than reused as received.
 */
export type ReportValidation = { ok: true; report: Report; normalized: boolean } | { ok: false; error: string };

const COMPILED_REPORTS: Record<ReportType, Compiled<BaseReport>> = {
  metrics: compileValidator(MetricsReport),
  log: compileValidator(LogReport),
  health: compileValidator(HealthReport),
  monitor: compileValidator(MonitorReport),
};

/** Validates one decoded report against the contract; the report keeps fields the contract does not name. */
export function validateReport(value: unknown): ReportValidation {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, error: 'a report must be a JSON object' };
  // A line as Gravitee's gateway writes it (no `type`, `-1` for unknown lengths) is read in the contract's terms.
  const adapted = fromGraviteeReport(value as Record<string, unknown>);
  const input = adapted ?? (value as Record<string, unknown>);
  const type = input.type;
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(COMPILED_REPORTS, type)) {
    return { ok: false, error: `type must be one of ${REPORT_TYPES.join(', ')}` };
  }
  const result = COMPILED_REPORTS[type as ReportType](input);
  return result.ok
    ? { ok: true, report: result.value as Report, normalized: result.transformed || adapted !== undefined }
    : { ok: false, error: describeFieldErrors(result.errors).join('; ') };
}

/** Tenancy stamped by the Cloud Gate from the verified Cloud Token. */
export class ReportTenant {
  @RequiredId() accountId!: string;
  @RequiredId() organizationId!: string;
  @RequiredId() analyticsIndexId!: string;
  @RequiredId() gatewayId!: string;
}

/** A report with what the Cloud Gate stamped on it: what one message on a report topic carries. */
export interface ReportEnvelope {
  /** Deterministic document id: a redelivered or retried report overwrites itself. */
  id: string;
  receivedAt: number;
  tenant: ReportTenant;
  report: Report;
}

/** What the gate stamps on every report of one `/reports` call. */
abstract class CallStamp {
  @IsNumber() receivedAt!: number;

  @IsDefined()
  @ValidateNested()
  @Type(() => ReportTenant)
  tenant!: ReportTenant;
}

/**
 * A report message (version 2) is three lines: this header as JSON, the document id, and the
 * report's own JSON text. The header is the same for every report of one `/reports` call, so a
 * reader checks it once per run of such messages; the report's text can be indexed as it is,
 * instead of being parsed out of a larger document and written again.
 */
export class ReportRecordHeader extends CallStamp {
  @IsIn(['2'])
  v!: '2';
}

/** Version 1 of a report message: the envelope as one JSON document. Still read, no longer written. */
export class ReportRecordV1 extends CallStamp {
  @IsIn(['1'])
  v!: '1';

  @RequiredId() id!: string;

  @IsDefined()
  @IsObject()
  report!: Report;
}

/** Stable JSON (sorted keys) so the same report always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Metrics and logs are identified by their request id; health and monitor reports by their content.
 * Scoped by account and gateway, so two gateways never collide.
 */
export function reportDocumentId(tenant: Pick<ReportTenant, 'accountId' | 'gatewayId'>, report: Report): string {
  const requestId = (report as { requestId?: unknown }).requestId;
  const identity = typeof requestId === 'string' && (report.type === 'metrics' || report.type === 'log') ? requestId : canonical(report);
  // One-shot `hash` (Node 20.12+): no Hash object per report.
  return hash('sha256', `${tenant.accountId}\u0000${tenant.gatewayId}\u0000${report.type}\u0000${identity}`, 'base64url').slice(0, 32);
}

export function buildEnvelope(tenant: ReportTenant, report: Report, receivedAt: number): ReportEnvelope {
  return { id: reportDocumentId(tenant, report), receivedAt, tenant, report };
}

function recordHeader(receivedAt: number, tenant: ReportTenant): string {
  const stamp = { v: '2', receivedAt, tenant: { accountId: tenant.accountId, organizationId: tenant.organizationId, analyticsIndexId: tenant.analyticsIndexId, gatewayId: tenant.gatewayId } };
  return JSON.stringify(stamp);
}

/** A document id as the second line of a version 2 message carries it: visible ASCII, at most 256 characters. */
const RECORD_ID = /^[\x21-\x7e]{1,256}$/;

/** The message value of an envelope (version 2: header, id and report, a line each). */
export function encodeReportRecord(envelope: ReportEnvelope): string {
  if (!RECORD_ID.test(envelope.id)) throw new Error(`document id ${JSON.stringify(envelope.id)} cannot be carried: 1 to 256 visible ASCII characters`);
  return `${recordHeader(envelope.receivedAt, envelope.tenant)}\n${envelope.id}\n${JSON.stringify(envelope.report)}`;
}

/**
 * Message values of one `/reports` call: `encodeReportRecord(buildEnvelope(...))`, with the header
 * written once for the whole call and, when the caller has it, the report's own JSON text reused
 * instead of serialising the report again.
 */
export class EnvelopeSerializer {
  private readonly header: string;

  constructor(
    private readonly tenant: ReportTenant,
    receivedAt: number,
  ) {
    this.header = recordHeader(receivedAt, tenant);
  }

  /** `reportJson` must be JSON that parses to `report` itself (e.g. the line it was parsed from). */
  serialize(report: Report, reportJson: string = JSON.stringify(report)): string {
    return `${this.header}\n${reportDocumentId(this.tenant, report)}\n${reportJson}`;
  }
}

/**
 * `reportJson`: the report's UTF-8 text as it arrived (a view of the message value), when it says
 * exactly what `envelope.report` holds (validation normalised nothing) and fits on one line.
 * Absent for version 1 messages.
 */
export type ReportRecordDecoding = { ok: true; envelope: ReportEnvelope; reportJson?: Buffer } | { ok: false; error: string };

type HeaderCheck = { ok: true; stamp: CallStamp } | { ok: false; error: string };

let compiledHeader: Compiled<ReportRecordHeader> | undefined;
let compiledV1: Compiled<ReportRecordV1> | undefined;

const NEWLINE = 0x0a; // never part of a multi-byte UTF-8 sequence
const THREE_LINES = 'invalid envelope: a version 2 record has three lines: header, document id, report';

/**
 * What the ingest worker runs on every consumed message value: the record, and the report it
 * carries, checked against the same contract the gate accepted them with. Reads version 2
 * (header, id and report lines) and version 1 (one JSON document) messages. Works on the bytes:
 * only the report is turned into text, to be parsed.
 *
 * One decoder per run of messages (a partition's batch): it remembers the last header it checked,
 * and the messages of one `/reports` call, which follow each other, share theirs.
 */
export class ReportRecordDecoder {
  private lastHeaderBytes?: Buffer;
  private lastHeader?: HeaderCheck;

  decode(value: Buffer): ReportRecordDecoding {
    const first = value.indexOf(NEWLINE);
    if (first >= 0) {
      const header = this.header(value.subarray(0, first));
      if (header !== undefined) {
        if (!header.ok) return header;
        const second = value.indexOf(NEWLINE, first + 1);
        if (second < 0) return { ok: false, error: THREE_LINES };
        return decodeV2(header.stamp, value.toString('latin1', first + 1, second), value.subarray(second + 1));
      }
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(value.toString('utf8'));
    } catch (err) {
      return { ok: false, error: `not JSON: ${err instanceof Error ? err.message : String(err)}` };
    }
    if (isObject(parsed) && parsed.v === '2') return { ok: false, error: THREE_LINES };
    return decodeV1(parsed);
  }

  /** The checked header, or undefined when the line is not a version 2 header (a version 1 document, say). */
  private header(line: Buffer): HeaderCheck | undefined {
    if (this.lastHeaderBytes?.equals(line)) return this.lastHeader;
    let value: unknown;
    try {
      value = JSON.parse(line.toString('utf8'));
    } catch {
      return undefined;
    }
    if (!isObject(value) || value.v !== '2') return undefined;
    compiledHeader ??= compileValidator(ReportRecordHeader);
    const checked = compiledHeader(value);
    this.lastHeaderBytes = Buffer.from(line); // a copy: the message value need not outlive its batch
    this.lastHeader = checked.ok ? { ok: true, stamp: checked.value } : { ok: false, error: `invalid envelope: ${describeFieldErrors(checked.errors).join('; ')}` };
    return this.lastHeader;
  }
}

/** `new ReportRecordDecoder().decode(value)`, for a message on its own. */
export function decodeReportRecord(value: Buffer | string): ReportRecordDecoding {
  return new ReportRecordDecoder().decode(typeof value === 'string' ? Buffer.from(value) : value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function decodeV2({ receivedAt, tenant }: CallStamp, id: string, reportBytes: Buffer): ReportRecordDecoding {
  if (!RECORD_ID.test(id)) return { ok: false, error: 'invalid envelope: the document id (line 2) must be 1 to 256 visible ASCII characters' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(reportBytes.toString('utf8'));
  } catch (err) {
    return { ok: false, error: `invalid envelope: report: not JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  const report = validateReport(parsed);
  if (!report.ok) return { ok: false, error: `invalid envelope: report: ${report.error}` };
  const verbatim = !report.normalized && !reportBytes.includes(NEWLINE);
  return { ok: true, envelope: { id, receivedAt, tenant, report: report.report }, ...(verbatim ? { reportJson: reportBytes } : {}) };
}

function decodeV1(value: unknown): ReportRecordDecoding {
  if (!isObject(value)) return { ok: false, error: 'invalid envelope: envelope must be a JSON object' };
  // The envelope's own checks only ask whether `report` is an object; `validateReport` checks what is in it.
  compiledV1 ??= compileValidator(ReportRecordV1);
  const checked = compiledV1(value);
  if (!checked.ok) return { ok: false, error: `invalid envelope: ${describeFieldErrors(checked.errors).join('; ')}` };
  const report = validateReport(checked.value.report);
  if (!report.ok) return { ok: false, error: `invalid envelope: report: ${report.error}` };
  const { id, receivedAt, tenant } = checked.value;
  return { ok: true, envelope: { id, receivedAt, tenant, report: report.report } };
}
