import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { API_KEY_HEADER } from './api-key';

/** RFC 9110 §7.6.1 connection-specific headers, never forwarded by a proxy. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

function listedInConnection(headers: IncomingHttpHeaders): Set<string> {
  const value = headers.connection;
  return new Set((value ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean));
}

/** Headers minus hop-by-hop ones (and those the `Connection` header names). */
export function endToEndHeaders(headers: IncomingHttpHeaders, alsoDrop: string[] = []): OutgoingHttpHeaders {
  const drop = new Set([...HOP_BY_HOP, ...listedInConnection(headers), ...alsoDrop]);
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !drop.has(name)) out[name] = value;
  return out;
}

export interface ForwardedFor {
  remoteAddress?: string;
  host?: string;
  proto: 'http' | 'https';
}

/**
 * What the upstream receives: end-to-end headers without the gateway's own credentials, the
 * `X-Forwarded-*` set, and `Host` of the endpoint (as Gravitee does by default).
 */
export function upstreamRequestHeaders(headers: IncomingHttpHeaders, upstreamHost: string, forwarded: ForwardedFor): OutgoingHttpHeaders {
  const out = endToEndHeaders(headers, [API_KEY_HEADER, 'host']);
  const previous = headers['x-forwarded-for'];
  const chain = [Array.isArray(previous) ? previous.join(', ') : previous, forwarded.remoteAddress].filter(Boolean).join(', ');
  if (chain) out['x-forwarded-for'] = chain;
  if (forwarded.host && !headers['x-forwarded-host']) out['x-forwarded-host'] = forwarded.host;
  if (!headers['x-forwarded-proto']) out['x-forwarded-proto'] = forwarded.proto;
  out.host = upstreamHost;
  return out;
}
