import type { IncomingMessage } from 'node:http';
import { METRICS_TEXT_LIMITS, MetricsReport } from '@app/contracts';
import { redactUrl } from '@app/observability';

export interface RequestFacts {
  timestamp: number;
  requestId: string;
  transactionId: string;
  req: IncomingMessage;
  apiId: string;
  apiName?: string;
  planId?: string;
  applicationId?: string;
  subscriptionId?: string;
  pathInfo: string;
  status: number;
  requestContentLength: number;
  responseContentLength: number;
  gatewayResponseTimeMs: number;
  endpointResponseTimeMs?: number;
  endpoint?: string;
  errorKey?: string;
  errorMessage?: string;
}

const header = (req: IncomingMessage, name: string) => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** The v4 metrics report of one request (SPEC §5 field names); the API key never appears in it. */
export function metricsReport(facts: RequestFacts): MetricsReport {
  const report = {
    type: 'metrics',
    timestamp: facts.timestamp,
    requestId: facts.requestId,
    transactionId: facts.transactionId,
    apiId: facts.apiId,
    apiName: facts.apiName,
    planId: facts.planId,
    applicationId: facts.applicationId,
    subscriptionId: facts.subscriptionId,
    httpMethod: facts.req.method,
    host: header(facts.req, 'host'),
    // Credentials in the query (`api-key` in any encoding of its name, `access_token`, ...) are never stored.
    uri: redactUrl(facts.req.url ?? '/'),
    pathInfo: facts.pathInfo,
    status: facts.status,
    requestContentLength: facts.requestContentLength,
    responseContentLength: facts.responseContentLength,
    gatewayResponseTimeMs: facts.gatewayResponseTimeMs,
    endpointResponseTimeMs: facts.endpointResponseTimeMs,
    gatewayLatencyMs: facts.endpointResponseTimeMs === undefined ? facts.gatewayResponseTimeMs : Math.max(0, facts.gatewayResponseTimeMs - facts.endpointResponseTimeMs),
    remoteAddress: facts.req.socket.remoteAddress,
    userAgent: header(facts.req, 'user-agent'),
    endpoint: facts.endpoint === undefined ? undefined : redactUrl(facts.endpoint),
    errorKey: facts.errorKey,
    errorMessage: facts.errorMessage,
  };
  return fitToContract(Object.fromEntries(Object.entries(report).filter(([, v]) => v !== undefined))) as unknown as MetricsReport;
}

/**
 * Text copied from the request (headers, the URI) cut to the report contract's limits, so that an
 * over-long header makes a shorter field rather than an invalid report (SPEC §9).
 */
function fitToContract(report: Record<string, unknown>): Record<string, unknown> {
  for (const [field, max] of Object.entries(METRICS_TEXT_LIMITS)) {
    const value = report[field];
    if (typeof value === 'string') report[field] = cutText(value, max);
  }
  return report;
}

/** At most `max` UTF-16 units, never ending in half a surrogate pair. */
export function cutText(value: string, max: number): string {
  if (value.length <= max) return value;
  const cut = value.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}
