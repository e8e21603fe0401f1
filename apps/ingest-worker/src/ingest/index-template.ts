import { ANALYTICS_INDEX_PATTERN } from '@app/contracts';
import type { estypes } from '@app/elasticsearch';

export const ANALYTICS_TEMPLATE_NAME = 'gravitee-analytics';

const keyword = { type: 'keyword' } as const;
const longText = { type: 'keyword', ignore_above: 2048 } as const;
const count = { type: 'long' } as const;
const millis = { type: 'float' } as const;
const date = { type: 'date', format: 'strict_date_optional_time||epoch_millis' } as const;

/**
 * One composable template for every analytics index (all report types share the field names,
 * so one mapping fits them all). `dynamic: false`: fields outside the contract are kept in
 * `_source` but never indexed, so a gateway cannot blow up the mapping. `remoteAddress` is an
 * `ip` as in Gravitee's own mapping: a report whose address is not an IP is refused by
 * Elasticsearch and goes to the dead-letter topic.
 */
export const ANALYTICS_TEMPLATE: Omit<estypes.IndicesPutIndexTemplateRequest, 'name'> = {
  index_patterns: [ANALYTICS_INDEX_PATTERN],
  // Above the built-in templates (100) so nothing else shapes these indices.
  priority: 200,
  _meta: { owner: 'ingest-worker', scheme: 'gravitee-<idx>-<type>-YYYY.MM.DD behind alias gravitee-<idx>-<type>' },
  template: {
    settings: { number_of_shards: 1, number_of_replicas: 0, refresh_interval: '1s' },
    mappings: {
      dynamic: false,
      properties: {
        '@timestamp': date,
        timestamp: date,
        receivedAt: date,
        type: keyword,
        accountId: keyword,
        organizationId: keyword,
        gatewayId: keyword,
        requestId: keyword,
        transactionId: keyword,
        apiId: keyword,
        apiName: keyword,
        planId: keyword,
        applicationId: keyword,
        subscriptionId: keyword,
        httpMethod: keyword,
        host: keyword,
        uri: longText,
        pathInfo: longText,
        endpoint: longText,
        status: { type: 'integer' },
        requestContentLength: count,
        responseContentLength: count,
        gatewayResponseTimeMs: millis,
        endpointResponseTimeMs: millis,
        gatewayLatencyMs: millis,
        responseTimeMs: millis,
        remoteAddress: { type: 'ip' },
        userAgent: { type: 'keyword', ignore_above: 1024 },
        errorKey: keyword,
        errorMessage: { type: 'text' },
        success: { type: 'boolean' },
        state: keyword,
        nodeId: keyword,
        hostname: keyword,
      },
    },
  },
};
