import { randomUUID } from 'node:crypto';
import http, { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Injectable, Logger } from '@nestjs/common';
import { GatewayConfig } from '@app/config';
import { FlowV4, planRateLimit } from '@app/contracts';
import { MetricsService } from '@app/observability';
import { RateLimitRepository } from '../ratelimit/rate-limit.repository';
import { ReporterService } from '../reporting/reporter.service';
import { API_KEY_QUERY_PARAM, extractApiKey } from './api-key';
import { ForwardOutcome, forward, sendGatewayError } from './forwarder';
import { upstreamRequestHeaders } from './headers';
import { metricsReport } from './metrics-report';
import { resolvePlan } from './plan-resolver';
import { RequestMetrics } from './request-metrics';
import { RouteMatch } from './router';
import { ServedConfiguration } from './served-configuration';

export const NO_CONTEXT_PATH_MESSAGE = 'No context-path matches the request URI.';
const TRANSACTION_HEADER = 'x-gravitee-transaction-id';
const REQUEST_ID_HEADER = 'x-gravitee-request-id';

/** The traffic port: matches a deployed API by context path, applies its plan, forwards to its endpoint, reports. */
@Injectable()
export class ProxyService {
  private readonly logger = new Logger(ProxyService.name);
  private readonly server: Server;
  private readonly requests: RequestMetrics;

  constructor(
    private readonly config: GatewayConfig,
    private readonly served: ServedConfiguration,
    private readonly reporter: ReporterService,
    private readonly rateLimits: RateLimitRepository,
    metrics: MetricsService,
  ) {
    this.requests = new RequestMetrics(metrics);
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((err: Error) => {
        this.logger.error(`request failed: ${err.stack ?? err.message}`);
        if (!res.headersSent) sendGatewayError(res, 500, 'Internal Server Error');
        else res.destroy();
      });
    });
    this.server.keepAliveTimeout = 65_000;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.config.GATEWAY_HTTP_PORT, '0.0.0.0', () => resolve());
    });
    this.logger.log(`gateway serving traffic on http://127.0.0.1:${this.config.GATEWAY_HTTP_PORT}`);
  }

  async stop(): Promise<void> {
    if (!this.server.listening) return;
    // In-flight requests get a moment to finish; then their connections are cut.
    const cut = setTimeout(() => this.server.closeAllConnections(), 5000);
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
    });
    clearTimeout(cut);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const timestamp = Date.now();
    const measured = this.requests.begin(req.method ?? 'GET');
    const url = new URL(req.url ?? '/', 'http://gateway.local');
    const match = this.served.router.match(url.pathname, req.headers.host);
    // `close` also fires for a client gone before the end of its answer: the request is not left active.
    res.once('close', () => measured.end(res.statusCode, match?.api.definition.id));
    if (!match) {
      res.writeHead(404, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(NO_CONTEXT_PATH_MESSAGE) });
      res.end(NO_CONTEXT_PATH_MESSAGE);
      return;
    }

    const requestId = randomUUID();
    const incomingTransaction = req.headers[TRANSACTION_HEADER];
    const transactionId = (Array.isArray(incomingTransaction) ? incomingTransaction[0] : incomingTransaction) || requestId;
    const tracing = { [TRANSACTION_HEADER]: transactionId, [REQUEST_ID_HEADER]: requestId };
    let requestBytes = 0;
    let responseBytes = 0;
    req.on('data', (chunk: Buffer) => (requestBytes += chunk.length));
    // Counting must not start the flow: the body waits until it is piped to the endpoint (or drained).
    req.pause();
    const count = (chunk: unknown) => {
      if (typeof chunk === 'string') responseBytes += Buffer.byteLength(chunk);
      else if (chunk instanceof Uint8Array) responseBytes += chunk.length;
    };
    const write = res.write.bind(res);
    const end = res.end.bind(res);
    res.write = ((chunk: unknown, ...rest: never[]) => (count(chunk), write(chunk as Buffer, ...rest))) as typeof res.write;
    res.end = ((chunk?: unknown, ...rest: never[]) => (count(chunk), end(chunk as Buffer, ...rest))) as typeof res.end;

    const definition = match.api.definition;
    const decision = resolvePlan(definition, extractApiKey(req.headers, url.searchParams), this.served);
    let outcome: Omit<ForwardOutcome, 'errorKey'> & { errorKey?: string; endpoint?: string };
    if (!decision.ok) {
      req.resume();
      sendGatewayError(res, 401, decision.message, tracing);
      outcome = { status: 401, endpointResponseTimeMs: 0, errorKey: decision.errorKey, errorMessage: decision.message };
    } else if (await this.overLimit(definition.id, decision.plan, decision.subscriptionId ?? `ip:${req.socket.remoteAddress ?? 'unknown'}`)) {
      req.resume();
      sendGatewayError(res, 429, 'Rate limit exceeded ! You reach the limit of requests for this plan.', tracing);
      outcome = { status: 429, endpointResponseTimeMs: 0, errorKey: 'RATE_LIMIT_TOO_MANY_REQUESTS', errorMessage: 'rate limit exceeded' };
    } else {
      const endpoint = endpointUrl(match, url);
      const headers = upstreamRequestHeaders(req.headers, endpoint.host, { remoteAddress: req.socket.remoteAddress, host: req.headers.host, proto: 'http' });
      Object.assign(headers, tracing);
      outcome = { ...(await forward(req, res, endpoint, headers, this.config.GATEWAY_UPSTREAM_TIMEOUT_MS, tracing)), endpoint: endpoint.toString() };
    }
    if (!res.writableFinished && !res.destroyed) await new Promise((resolve) => res.once('close', resolve));

    this.reporter.report(
      metricsReport({
        timestamp,
        requestId,
        transactionId,
        req,
        apiId: definition.id,
        apiName: definition.name,
        planId: decision.ok ? decision.plan.id : decision.planId,
        applicationId: decision.ok ? decision.applicationId : undefined,
        subscriptionId: decision.ok ? decision.subscriptionId : undefined,
        pathInfo: match.pathInfo,
        status: outcome.status,
        requestContentLength: requestBytes,
        responseContentLength: responseBytes,
        gatewayResponseTimeMs: Math.round(performance.now() - started),
        endpointResponseTimeMs: outcome.endpoint ? outcome.endpointResponseTimeMs : undefined,
        endpoint: outcome.endpoint,
        errorKey: outcome.errorKey,
        errorMessage: outcome.errorMessage,
      }),
    );
  }

  /**
   * The plan's `rate-limit` policy as a fixed window per API, plan and consumer (the subscription of an
   * api-key plan, else the client address), counted in the rate-limit repository so gateways sharing
   * Redis share the count. Without a repository (type `none`) or while Redis is away nothing is limited.
   */
  private async overLimit(apiId: string, plan: { id: string; flows?: FlowV4[] }, consumer: string): Promise<boolean> {
    const limit = planRateLimit(plan.flows);
    if (!limit) return false;
    const count = await this.rateLimits.increment(`${apiId}:${plan.id}:${consumer}`, limit.periodSeconds * 1000).catch(() => undefined);
    return count !== undefined && count > limit.limit;
  }
}

/** The endpoint target plus the path past the context path, and the query without the API key. */
export function endpointUrl(match: RouteMatch, requestUrl: URL): URL {
  const target = match.api.definition.endpointGroups[0].endpoints[0].configuration.target;
  const base = new URL(target);
  const path = `${base.pathname.replace(/\/+$/, '')}${match.pathInfo}` || '/';
  // The raw query is kept as the client wrote it (re-encoding could change what the endpoint sees).
  const params = [base.search.slice(1), ...requestUrl.search.slice(1).split('&').filter((p) => p.split('=')[0] !== API_KEY_QUERY_PARAM)];
  const search = params.filter(Boolean).join('&');
  return new URL(`${base.protocol}//${base.host}${path}${search ? `?${search}` : ''}`);
}
