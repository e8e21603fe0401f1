import { Counter, Gauge, Histogram } from 'prom-client';
import { MetricsService } from '@app/observability';

/** Latency buckets in seconds, from a local upstream (under a millisecond) to the upstream timeout. */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

type Labels = 'method' | 'code' | 'api';

/**
 * Request metrics of the traffic port, named as Gravitee's gateway exports its HTTP server metrics
 * (Vert.x Micrometer, version 4 names: `vertx_http_server_*`, labels `method` and `code`), plus the
 * API a request matched (`api`, its id; absent when no context path matched), which Gravitee's gateway
 * leaves to its analytics. Label values stay bounded: methods, status codes and deployed APIs.
 */
export class RequestMetrics {
  private readonly requests: Counter<'method' | 'api'>;
  private readonly responses: Counter<Labels>;
  private readonly responseTime: Histogram<Labels>;
  private readonly active: Gauge;

  constructor(metrics: MetricsService) {
    this.requests = metrics.counter('vertx_http_server_requests_total', 'Requests received on the traffic port, by method and API', ['method', 'api']);
    this.responses = metrics.counter('vertx_http_server_responses_total', 'Responses sent on the traffic port, by method, status code and API', ['method', 'code', 'api']);
    this.responseTime = metrics.histogram(
      'vertx_http_server_response_time_seconds',
      'Time from a request to the end of its response on the traffic port, by method, status code and API',
      ['method', 'code', 'api'],
      BUCKETS,
    );
    this.active =
      (metrics.registry.getSingleMetric('vertx_http_server_active_requests') as Gauge | undefined) ??
      new Gauge({ name: 'vertx_http_server_active_requests', help: 'Requests on the traffic port not answered yet', registers: [metrics.registry] });
  }

  /** Counts a request from its arrival; `end` is called once, with its status and the API it matched. */
  begin(method: string): { end: (code: number, apiId?: string) => void } {
    const started = process.hrtime.bigint();
    this.active.inc();
    let ended = false;
    return {
      end: (code, apiId) => {
        if (ended) return;
        ended = true;
        this.active.dec();
        const labels = apiId ? { method, code: String(code), api: apiId } : { method, code: String(code) };
        this.requests.inc(apiId ? { method, api: apiId } : { method });
        this.responses.inc(labels);
        this.responseTime.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
      },
    };
  }
}
