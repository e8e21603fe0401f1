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

/**
 * Names already worked out per account (the outer key) and then per type, or per type and day: the
 * worker names an index and an alias for every document. Keyed by the values themselves rather than
 * by a composed string, so a lookup builds nothing. Forgotten wholesale past 10,000 accounts.
 */
class NameCache<K> {
  private readonly byIndexId = new Map<string, Map<K, string>>();

  get(indexId: string, key: K): string | undefined {
    return this.byIndexId.get(indexId)?.get(key);
  }

  set(indexId: string, key: K, name: string): string {
    let names = this.byIndexId.get(indexId);
    if (names === undefined) {
      if (this.byIndexId.size >= 10_000) this.byIndexId.clear();
      names = new Map();
      this.byIndexId.set(indexId, names);
    }
    names.set(key, name);
    return name;
  }
}

const aliases = new NameCache<ReportType>();

/** The alias every reader queries: all days of one account's reports of one type. */
export function analyticsAlias(indexId: string, type: ReportType): string {
  return aliases.get(indexId, type) ?? aliases.set(indexId, type, `${ANALYTICS_INDEX_PREFIX}-${normalizedIndexId(indexId)}-${type}`);
}

const DAY_MS = 86_400_000;
const TYPE_ORDINAL: Record<ReportType, number> = { metrics: 0, log: 1, health: 2, monitor: 3 };
const dailyIndices = new NameCache<number>();

/** The daily index a report with this timestamp (epoch ms) is written to. */
export function analyticsDailyIndex(indexId: string, type: ReportType, timestamp: number): string {
  const key = Math.floor(timestamp / DAY_MS) * 4 + TYPE_ORDINAL[type];
  const known = dailyIndices.get(indexId, key);
  if (known !== undefined) return known;
  const day = new Date(timestamp).toISOString().slice(0, 10).replace(/-/g, '.');
  return dailyIndices.set(indexId, key, `${analyticsAlias(indexId, type)}-${day}`);
}
