import { Injectable } from '@nestjs/common';
import { ElasticsearchAdapter, estypes } from '@app/elasticsearch';

export interface MetricsFilter {
  /** The alias of one account's metrics indices: the only place this repository reads. */
  alias: string;
  from: number;
  to: number;
  apiId?: string;
}

export interface RequestStats {
  total: number;
  byStatus: Array<{ status: string; count: number }>;
  percentiles: { p50: number | null; p95: number | null; p99: number | null };
  histogram: Array<{ time: number; count: number }>;
  topApis: Array<{ apiId: string; apiName: string | null; count: number }>;
}

/** How many APIs `topApis` lists, busiest first. */
export const TOP_APIS = 10;

type StatsAggregations = {
  byStatus: estypes.AggregationsTermsAggregateBase<{ key: number | string; doc_count: number }>;
  latency: estypes.AggregationsTDigestPercentilesAggregate;
  overTime: estypes.AggregationsDateHistogramAggregate;
  byApi: estypes.AggregationsTermsAggregateBase<ApiBucket>;
};

type ApiBucket = { key: string; doc_count: number; name?: estypes.AggregationsTermsAggregateBase<{ key: string }> };

/** Reads metrics documents from Elasticsearch; a missing index reads as an empty one. */
@Injectable()
export class AnalyticsRepository {
  constructor(private readonly es: ElasticsearchAdapter) {}

  async requestStats(filter: MetricsFilter, interval: number): Promise<RequestStats> {
    const response = await this.es.searchTolerant(filter.alias, {
      size: 0,
      track_total_hits: true,
      query: this.query(filter),
      aggs: {
        byStatus: { terms: { field: 'status', size: 200 } },
        byApi: { terms: { field: 'apiId', size: TOP_APIS }, aggs: { name: { terms: { field: 'apiName', size: 1 } } } },
        latency: { percentiles: { field: 'gatewayResponseTimeMs', percents: [50, 95, 99] } },
        overTime: {
          date_histogram: {
            field: '@timestamp',
            fixed_interval: `${interval}ms`,
            min_doc_count: 0,
            extended_bounds: { min: filter.from, max: filter.to - 1 },
          },
        },
      },
    });
    const aggs = response.aggregations as Partial<StatsAggregations> | undefined;
    const statusBuckets = (aggs?.byStatus?.buckets ?? []) as Array<{ key: number | string; doc_count: number }>;
    const timeBuckets = (aggs?.overTime?.buckets ?? []) as estypes.AggregationsDateHistogramBucket[];
    const values = (aggs?.latency?.values ?? {}) as Record<string, number | null>;
    const apiBuckets = (aggs?.byApi?.buckets ?? []) as ApiBucket[];
    return {
      total: totalOf(response.hits.total),
      byStatus: statusBuckets.map((b) => ({ status: String(b.key), count: b.doc_count })),
      percentiles: { p50: values['50.0'] ?? null, p95: values['95.0'] ?? null, p99: values['99.0'] ?? null },
      histogram: timeBuckets.map((b) => ({ time: Number(b.key), count: b.doc_count })),
      topApis: apiBuckets.map((b) => ({
        apiId: b.key,
        apiName: ((b.name?.buckets ?? []) as Array<{ key: string }>)[0]?.key ?? null,
        count: b.doc_count,
      })),
    };
  }

  /** `size` documents, newest first, after skipping `from` of them. */
  async recent(filter: MetricsFilter, size: number, from = 0): Promise<Array<Record<string, unknown>>> {
    const response = await this.es.searchTolerant<Record<string, unknown>>(filter.alias, {
      size,
      from,
      query: this.query(filter),
      sort: [{ '@timestamp': { order: 'desc' } }, { receivedAt: { order: 'desc' } }],
    });
    return response.hits.hits.flatMap((hit) => (hit._source ? [hit._source] : []));
  }

  private query({ from, to, apiId }: MetricsFilter): estypes.QueryDslQueryContainer {
    return {
      bool: {
        filter: [{ range: { '@timestamp': { gte: from, lt: to, format: 'epoch_millis' } } }, ...(apiId ? [{ term: { apiId } }] : [])],
      },
    };
  }
}

function totalOf(total: estypes.SearchTotalHits | number | undefined): number {
  if (typeof total === 'number') return total;
  return total?.value ?? 0;
}
