import { Inject, Injectable } from '@nestjs/common';
import { analyticsAlias } from '@app/contracts';
import { isConnectionError, statusOfError } from '@app/elasticsearch';
import { ControlPlaneError } from '../control-plane.errors';
import { ACCOUNT_INDEX_RESOLVER, AccountIndexResolver } from './account-index.resolver';
import { AnalyticsRepository, MetricsFilter } from './analytics.repository';
import { LogsQueryDto, MAX_LOGS_WINDOW, RequestsAnalyticsView, RequestsQueryDto } from './dto/analytics.dto';

const DEFAULT_RANGE_MS = 3_600_000;
const DEFAULT_BUCKETS = 60;
/** More buckets than a chart can show is a mistake in the query, not a heavier search. */
const MAX_BUCKETS = 2000;
const DEFAULT_LOGS = 50;

/**
 * Analytics of one account (SPEC §8), read from that account's own metrics alias only: the index
 * id comes from the account record, never from the caller.
 */
@Injectable()
export class AnalyticsService {
  constructor(
    private readonly repository: AnalyticsRepository,
    @Inject(ACCOUNT_INDEX_RESOLVER) private readonly accounts: AccountIndexResolver,
  ) {}

  async requests(accountId: string, query: RequestsQueryDto): Promise<RequestsAnalyticsView> {
    const filter = await this.filterFor(accountId, query);
    const interval = query.interval ?? Math.max(1000, Math.ceil((filter.to - filter.from) / DEFAULT_BUCKETS));
    if ((filter.to - filter.from) / interval > MAX_BUCKETS) {
      throw new ControlPlaneError('INVALID_REQUEST', `interval ${interval} ms gives more than ${MAX_BUCKETS} buckets over the range; widen it`);
    }
    const stats = await this.reading(() => this.repository.requestStats(filter, interval));
    return {
      total: stats.total,
      byStatus: Object.fromEntries(stats.byStatus.map(({ status, count }) => [status, count])),
      latency: { p50: stats.percentiles.p50 ?? 0, p95: stats.percentiles.p95 ?? 0, p99: stats.percentiles.p99 ?? 0 },
      histogram: stats.histogram,
      topApis: stats.topApis,
    };
  }

  async logs(accountId: string, query: LogsQueryDto): Promise<Array<Record<string, unknown>>> {
    const size = query.size ?? DEFAULT_LOGS;
    const page = query.page ?? 0;
    if ((page + 1) * size > MAX_LOGS_WINDOW) {
      throw new ControlPlaneError('INVALID_REQUEST', `page: page ${page} of ${size} reaches past the ${MAX_LOGS_WINDOW} newest documents; narrow the time range`, { field: 'page' });
    }
    const filter = await this.filterFor(accountId, query);
    return this.reading(() => this.repository.recent(filter, size, page * size));
  }

  private async filterFor(accountId: string, query: { from?: number; to?: number; apiId?: string }): Promise<MetricsFilter> {
    const to = query.to ?? Date.now();
    const from = query.from ?? to - DEFAULT_RANGE_MS;
    if (from >= to) throw new ControlPlaneError('INVALID_REQUEST', '`from` must be before `to`');
    const indexId = await this.accounts.analyticsIndexIdOf(accountId);
    return { alias: analyticsAlias(indexId, 'metrics'), from, to, ...(query.apiId ? { apiId: query.apiId } : {}) };
  }

  private async reading<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (err) {
      const status = statusOfError(err);
      if (isConnectionError(err) || (status !== undefined && (status === 429 || status >= 500))) {
        throw new ControlPlaneError('UNAVAILABLE', 'analytics are unavailable right now; retry shortly');
      }
      throw err;
    }
  }
}
