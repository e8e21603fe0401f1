import http, { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { OutgoingHttpHeaders } from 'node:http';
import { endToEndHeaders } from './headers';

export interface ForwardOutcome {
  status: number;
  /** Time from sending the request to the upstream's response headers (or the failure). */
  endpointResponseTimeMs: number;
  errorKey?: 'GATEWAY_CLIENT_CONNECTION_ERROR' | 'REQUEST_TIMEOUT' | 'CLIENT_ABORTED_DURING_RESPONSE_ERROR';
  errorMessage?: string;
}

const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

class UpstreamTimeout extends Error {}

/** Gravitee's error body shape: `{"message": ..., "http_status_code": ...}`. */
export function sendGatewayError(res: ServerResponse, status: number, message: string, headers: OutgoingHttpHeaders = {}): void {
  const body = JSON.stringify({ message, http_status_code: status });
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * Sends the client's request to `endpoint` and streams the answer back. An upstream that cannot be
 * reached gets `502`, one that stays silent past `timeoutMs` gets `504`; after the answer started
 * streaming, a failure can only cut the connection.
 */
export function forward(
  req: IncomingMessage,
  res: ServerResponse,
  endpoint: URL,
  headers: OutgoingHttpHeaders,
  timeoutMs: number,
  responseHeaders: OutgoingHttpHeaders,
): Promise<ForwardOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const secure = endpoint.protocol === 'https:';
  return new Promise<ForwardOutcome>((resolve) => {
    let settled = false;
    const settle = (outcome: ForwardOutcome) => {
      if (!settled) {
        settled = true;
        resolve(outcome);
      }
    };
    const upstream = (secure ? https : http).request(endpoint, {
      method: req.method,
      headers,
      agent: secure ? agents.https : agents.http,
    });
    upstream.setTimeout(timeoutMs, () => upstream.destroy(new UpstreamTimeout(`no answer from the endpoint within ${timeoutMs} ms`)));

    upstream.on('response', (answer) => {
      const endpointResponseTimeMs = elapsed();
      answer.setTimeout(timeoutMs, () => answer.destroy(new UpstreamTimeout(`the endpoint stalled for ${timeoutMs} ms`)));
      res.writeHead(answer.statusCode ?? 502, { ...endToEndHeaders(answer.headers), ...responseHeaders });
      answer.pipe(res);
      answer.on('error', (err) => {
        res.destroy(err);
        settle({ status: answer.statusCode ?? 502, endpointResponseTimeMs, errorKey: 'GATEWAY_CLIENT_CONNECTION_ERROR', errorMessage: err.message });
      });
      res.on('close', () => {
        if (!res.writableFinished) {
          answer.destroy();
          settle({ status: answer.statusCode ?? 502, endpointResponseTimeMs, errorKey: 'CLIENT_ABORTED_DURING_RESPONSE_ERROR', errorMessage: 'the client went away' });
        } else settle({ status: answer.statusCode ?? 502, endpointResponseTimeMs });
      });
    });

    upstream.on('error', (err) => {
      const timedOut = err instanceof UpstreamTimeout;
      const status = timedOut ? 504 : 502;
      if (!res.headersSent) {
        sendGatewayError(res, status, timedOut ? 'Request timeout' : 'Bad Gateway: the endpoint could not be reached', responseHeaders);
      } else res.destroy();
      settle({
        status,
        endpointResponseTimeMs: elapsed(),
        errorKey: timedOut ? 'REQUEST_TIMEOUT' : 'GATEWAY_CLIENT_CONNECTION_ERROR',
        errorMessage: `${err.message}${'code' in err ? ` (${String(err.code)})` : ''}`,
      });
    });

    // The client left before the upstream answered: stop waiting on its behalf.
    res.on('close', () => {
      if (res.headersSent) return;
      upstream.destroy();
      settle({ status: 499, endpointResponseTimeMs: elapsed(), errorKey: 'CLIENT_ABORTED_DURING_RESPONSE_ERROR', errorMessage: 'the client went away before the endpoint answered' });
    });
    req.pipe(upstream);
  });
}
