import type { IncomingMessage } from 'node:http';
import { MetricsReport } from '@app/contracts';

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
    uri: redactApiKey(facts.req.url ?? '/'),
    pathInfo: facts.pathInfo,
    status: facts.status,
    requestContentLength: facts.requestContentLength,
    responseContentLength: facts.responseContentLength,
    gatewayResponseTimeMs: facts.gatewayResponseTimeMs,
    endpointResponseTimeMs: facts.endpointResponseTimeMs,
    gatewayLatencyMs: facts.endpointResponseTimeMs === undefined ? facts.gatewayResponseTimeMs : Math.max(0, facts.gatewayResponseTimeMs - facts.endpointResponseTimeMs),
    remoteAddress: facts.req.socket.remoteAddress,
    userAgent: header(facts.req, 'user-agent'),
    endpoint: facts.endpoint,
    errorKey: facts.errorKey,
    errorMessage: facts.errorMessage,
  };
  return Object.fromEntries(Object.entries(report).filter(([, v]) => v !== undefined)) as unknown as MetricsReport;
}

function redactApiKey(url: string): string {
  return url.replace(/([?&]api-key=)[^&]*/g, '$1****');
}
