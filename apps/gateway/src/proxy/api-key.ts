import type { IncomingHttpHeaders } from 'node:http';
import { decodeParamName } from '@app/observability';

export const API_KEY_HEADER = 'x-gravitee-api-key';
export const API_KEY_QUERY_PARAM = 'api-key';

/** The API key of a request: the `X-Gravitee-Api-Key` header, else the `api-key` query parameter. */
export function extractApiKey(headers: IncomingHttpHeaders, query: URLSearchParams): string | undefined {
  const header = headers[API_KEY_HEADER];
  const fromHeader = (Array.isArray(header) ? header[0] : header)?.trim();
  if (fromHeader) return fromHeader;
  const fromQuery = query.get(API_KEY_QUERY_PARAM)?.trim();
  return fromQuery || undefined;
}

/**
 * The raw query without any `api-key` parameter, whatever the encoding of its name (`api%2Dkey`
 * authenticates exactly as `api-key` does, since names are decoded before they are read); the
 * other parameters are kept exactly as the client wrote them.
 */
export function queryWithoutApiKey(rawQuery: string): string {
  return rawQuery
    .split('&')
    .filter((pair) => pair !== '' && decodeParamName(pair.split('=')[0]) !== API_KEY_QUERY_PARAM)
    .join('&');
}
