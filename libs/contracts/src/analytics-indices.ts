import type { ReportType } from './reports';

/**
 * Where analytics live in Elasticsearch, shared by the ingest worker (writes) and the control
 * plane (reads). One scheme:
 *
 *   daily index  `gravitee-<idx>-<type>-YYYY.MM.DD`  (day of the report's own timestamp, UTC)
 *   alias        `gravitee-<idx>-<type>`             (every daily index of that account and type)
 *
 * `<idx>` is the account's analytics index id (token claim `idx`), lower-cased because
 * Elasticsearch index names must be. Readers only ever name the alias, so an account can only
 * see its own documents.
 */
export const ANALYTICS_INDEX_PREFIX = 'gravitee';

/** Every analytics index matches this; the index template targets it. */
export const ANALYTICS_INDEX_PATTERN = `${ANALYTICS_INDEX_PREFIX}-*`;

const INDEX_ID = /^[a-z0-9][a-z0-9_-]{0,127}$/;

export class InvalidAnalyticsIndexIdError extends Error {
  constructor(indexId: string) {
    super(`analyticsIndexId ${JSON.stringify(indexId)} cannot name an index: 1-128 characters of a-z, 0-9, '_' and '-', not starting with '_' or '-'`);
    this.name = 'InvalidAnalyticsIndexIdError';
  }
}

function normalizedIndexId(indexId: string): string {
  const lowered = indexId.toLowerCase();
  if (!INDEX_ID.test(lowered)) throw new InvalidAnalyticsIndexIdError(indexId);
  return lowered;
}

/** Aliases already worked out, per account and type: the worker names one for every document. */
const aliasNames = new Map<string, string>();

/** The alias every reader queries: all days of one account's reports of one type. */
export function analyticsAlias(indexId: string, type: ReportType): string {
  const key = `${indexId}\u0000${type}`;
  let name = aliasNames.get(key);
  if (name === undefined) {
    name = `${ANALYTICS_INDEX_PREFIX}-${normalizedIndexId(indexId)}-${type}`;
    if (aliasNames.size >= 10_000) aliasNames.clear();
    aliasNames.set(key, name);
  }
  return name;
}

const DAY_MS = 86_400_000;
/** Names already worked out, per account, type and day: the worker names an index for every document. */
const dailyIndexNames = new Map<string, string>();

/** The daily index a report with this timestamp (epoch ms) is written to. */
export function analyticsDailyIndex(indexId: string, type: ReportType, timestamp: number): string {
  const key = `${indexId}\u0000${type}\u0000${Math.floor(timestamp / DAY_MS)}`;
  let name = dailyIndexNames.get(key);
  if (name === undefined) {
    const day = new Date(timestamp).toISOString().slice(0, 10).replace(/-/g, '.');
    name = `${analyticsAlias(indexId, type)}-${day}`;
    if (dailyIndexNames.size >= 10_000) dailyIndexNames.clear();
    dailyIndexNames.set(key, name);
  }
  return name;
}
