import type { IncomingHttpHeaders } from 'node:http';

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
