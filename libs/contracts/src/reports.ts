import { hash } from 'node:crypto';
import { Transform, Type } from 'class-transformer';
import { Compiled, compileValidator, describeFieldErrors } from './compiled-validator';
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
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(COMPILED_REPORTS, type)) {
    return { ok: false, error: `type must be one of ${REPORT_TYPES.join(', ')}` };
  }
  const result = COMPILED_REPORTS[type as ReportType](value as Record<string, unknown>);
  return result.ok ? { ok: true, report: result.value as Report, normalized: result.transformed } : { ok: false, error: describeFieldErrors(result.errors).join('; ') };
}

/** Tenancy stamped by the Cloud Gate from the verified Cloud Token. */
export class ReportTenant {
  @RequiredId() accountId!: string;
  @RequiredId() organizationId!: string;
  @RequiredId() analyticsIndexId!: string;
  @RequiredId() gatewayId!: string;
}

/** The value of a message on a report topic. */
export class ReportEnvelope {
  @IsIn(['1'])
  v!: '1';

  /** Deterministic document id: a redelivered or retried report overwrites itself. */
  @RequiredId() id!: string;

  @IsNumber() receivedAt!: number;

  @IsDefined()
  @ValidateNested()
  @Type(() => ReportTenant)
  tenant!: ReportTenant;

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
  return { v: '1', id: reportDocumentId(tenant, report), receivedAt, tenant, report };
}

/**
 * Envelopes of one batch as message values: the JSON of `buildEnvelope` (same fields, same order),
 * with the tenant serialised once for the whole batch and, when the caller has it, the report's
 * own JSON text reused instead of serialising the report again.
 */
export class EnvelopeSerializer {
  private readonly tenantJson: string;

  constructor(
    private readonly tenant: ReportTenant,
    private readonly receivedAt: number,
  ) {
    this.tenantJson = JSON.stringify({ accountId: tenant.accountId, organizationId: tenant.organizationId, analyticsIndexId: tenant.analyticsIndexId, gatewayId: tenant.gatewayId });
  }

  /** `reportJson` must be JSON that parses to `report` itself (e.g. the line it was parsed from). */
  serialize(report: Report, reportJson: string = JSON.stringify(report)): string {
    return `{"v":"1","id":${JSON.stringify(reportDocumentId(this.tenant, report))},"receivedAt":${JSON.stringify(this.receivedAt)},"tenant":${this.tenantJson},"report":${reportJson}}`;
  }
}

export type EnvelopeValidation = { ok: true; envelope: ReportEnvelope } | { ok: false; error: string };

let compiledEnvelope: Compiled<ReportEnvelope> | undefined;

/** What the ingest worker runs on every consumed message: the envelope and the report it carries. */
export function validateEnvelope(value: unknown): EnvelopeValidation {
  if (typeof value !== 'object' || value === null) return { ok: false, error: 'envelope must be a JSON object' };
  // The envelope's own checks only ask whether `report` is an object; `validateReport` checks what is in it.
  compiledEnvelope ??= compileValidator(ReportEnvelope);
  const envelope = compiledEnvelope(value as Record<string, unknown>);
  if (!envelope.ok) return { ok: false, error: describeFieldErrors(envelope.errors).join('; ') };
  const report = validateReport(envelope.value.report);
  if (!report.ok) return { ok: false, error: `report: ${report.error}` };
  envelope.value.report = report.report; // `envelope.value` is the validator's own copy
  return { ok: true, envelope: envelope.value };
}
