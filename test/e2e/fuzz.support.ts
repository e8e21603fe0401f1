/**
 * Inputs for the property-based fuzz suite (fuzz.e2e-spec.ts): what a careless or hostile client
 * sends. Every generator is fast-check's, so a seed replays a run exactly.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';

export interface FuzzRequest {
  method: string;
  /** Path and query, already encoded, as written on the request line. */
  target: string;
  headers: Record<string, string>;
  body?: Buffer;
}

/** The seed of a run: `FUZZ_SEED` replays one; otherwise a fresh one, printed. */
export const FUZZ_SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
/** Inputs for the whole suite (`FUZZ_INPUTS`), shared out over the routes, so it stays within a minute or two however many routes there are. */
export const FUZZ_INPUTS = Number(process.env.FUZZ_INPUTS ?? 4000);

/** Inputs per route: `FUZZ_RUNS` when set, else the suite's share for each of `routes` routes, between 20 and 60. */
export function runsPerRoute(routes: number): number {
  if (process.env.FUZZ_RUNS !== undefined) return Number(process.env.FUZZ_RUNS);
  return Math.max(20, Math.min(60, Math.floor(FUZZ_INPUTS / Math.max(1, routes))));
}

/** Each route gets its own seed, derived from the run's, so adding a route changes no other route's inputs. */
export function seedFor(routeKey: string): number {
  return (createHash('sha256').update(`${FUZZ_SEED}:${routeKey}`).digest().readUInt32BE(0) & 0x7fffffff) >>> 0;
}

const WORDS = ['', ' ', 'null', 'undefined', 'NaN', 'true', '-1', '0', '1e20', '[]', '{}', '__proto__', 'constructor', 'prototype', '../../etc/passwd', "'; DROP TABLE accounts;--", '<script>alert(1)</script>', '${jndi:ldap://x}'];

/** Strings that break careless code: NUL, lone surrogates, huge, path tricks, injections, plain noise. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 2, arbitrary: fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })).map(([a, b]) => `${a}\u0000${b}`) },
  { weight: 1, arbitrary: fc.constantFrom('\uD800', '\uDFFF', '\uFFFE', '😀'.repeat(3), '\u202E', 'e\u0301', '\r\n', '\t') },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 5000 }).map((n) => 'x'.repeat(n)) },
);

/** Numbers beyond what anything stores: huge, negative, fractional, past every epoch and offset. */
export const nastyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: -5, max: 100 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(-1, 0, 1.5, 1e16, 1e20, 1e308, -1e308, 8.64e15, 8.64e15 + 1, Number.MAX_SAFE_INTEGER, 2 ** 63, 2 ** 31, 99999999999999999999999, -0),
);

/** Query and path values: numbers written the ways a parser might not expect, and strings. */
export const nastyScalarText: fc.Arbitrary<string> = fc.oneof(
  nastyNumber.map(String),
  fc.constantFrom('1e20', '0x10', '1_000', '+5', '-0', ' 7', 'Infinity', 'NaN', '99999999999999999999999', '8640000000000001'),
  nastyString,
);

/** Any JSON value, leaves drawn from the nasty ones, keys too. */
export const nastyJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nastyString,
    nastyNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(nastyString, fc.constantFrom('__proto__', 'constructor', 'prototype')), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** JSON text nested `depth` levels, built as text (building the value and stringifying it would recurse). */
export function nestedText(depth: number, kind: '[' | '{'): string {
  return kind === '[' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}
export const deepText: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(31, 32, 33, 100, 5000, 12_000, 30_000), fc.constantFrom<'[' | '{'>('[', '{'), fc.boolean())
  .map(([depth, kind, wrapped]) => (wrapped ? `{"name":${nestedText(depth, kind)},"types":${nestedText(depth, kind)}}` : nestedText(depth, kind)));

/** Field names the routes of this project read, so records reach their validators rather than stopping at "unknown field". */
export const FIELD_NAMES = [
  'name', 'region', 'platform', 'environmentId', 'accessPoints', 'contextPath', 'target', 'plans', 'security', 'rateLimit', 'limit', 'periodSeconds',
  'revokePrevious', 'types', 'properties', 'from', 'to', 'environments', 'organizations', 'id', 'type', 'payload', 'parentId', 'createdAt', 'updatedAt',
  'subscriptions', 'includeRevoked', 'expireAfter', 'expireBefore', 'includeWithoutExpiration', 'apis', 'ids', 'statuses', 'endingAtAfter',
  'includeWithoutEnd', 'nodeId', 'evaluatedAt', 'node_id', 'hostname', 'version', 'started_at', 'last_heartbeat_at', 'stopped_at', 'api_id',
] as const;

/** A record of known field names with nasty values: criteria, heartbeats, DTOs. */
export const nastyRecord: fc.Arbitrary<Record<string, unknown>> = fc.dictionary(fc.constantFrom(...FIELD_NAMES), fc.oneof(nastyJson, nastyString, nastyNumber), { maxKeys: 6 });

/**
 * A valid body with one thing wrong (a field replaced by a nasty value, or one added), or left
 * valid: inputs that pass the first checks and reach what lies behind them.
 */
export function mutated(template: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(template);
  const mutation = fc.tuple(fc.oneof(fc.constantFrom(...keys), fc.constantFrom(...FIELD_NAMES)), fc.oneof(nastyJson, nastyString, nastyNumber));
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(template) },
    { weight: 4, arbitrary: mutation.map(([key, value]) => ({ ...template, [key]: value })) },
    { weight: 1, arbitrary: fc.tuple(mutation, mutation).map(([[k1, v1], [k2, v2]]) => ({ ...template, [k1]: v1, [k2]: v2 })) },
  );
}

/** Query values that are right for the parameters the bridge and analytics read, beside the nasty ones. */
export const GOOD_QUERY_VALUES: Record<string, string[]> = {
  group: ['API_ID', 'DICTIONARY_ID', 'ORGANIZATION_ID', 'SHARED_POLICY_GROUP_ID'],
  page: ['0', '1'],
  size: ['1', '100'],
  since: ['0', String(Date.now())],
  timeout: ['0', '50'],
  from: ['0', String(Date.now() - 3_600_000)],
  to: [String(Date.now())],
  interval: ['60000'],
};

type Schema = Record<string, unknown>;

/**
 * A value shaped by an OpenAPI schema, where each part is either what the schema asks for or a
 * mistake (wrong type, nasty string, huge number, missing or unknown field), so inputs reach past
 * the first check into the handlers.
 */
export function fromSchema(schema: Schema | undefined, components: Record<string, Schema>, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return nastyJson;
  const ref = schema.$ref as string | undefined;
  if (ref) return fromSchema(components[ref.split('/').pop()!], components, depth + 1);
  const wrong = fc.oneof(nastyJson, nastyString, nastyNumber);
  let right: fc.Arbitrary<unknown>;
  const enumValues = schema.enum as unknown[] | undefined;
  if (enumValues?.length) right = fc.constantFrom(...enumValues);
  else if (schema.type === 'string') {
    const candidates: fc.Arbitrary<string>[] = [nastyString, fc.string({ minLength: 1, maxLength: 20 })];
    if (typeof schema.example === 'string') candidates.push(fc.constant(schema.example));
    if (schema.format === 'uuid') candidates.push(fc.uuid());
    if (typeof schema.maxLength === 'number') candidates.push(fc.constant('y'.repeat(schema.maxLength + 1)));
    right = fc.oneof(...candidates);
  } else if (schema.type === 'integer' || schema.type === 'number') right = fc.oneof(nastyNumber, fc.integer({ min: 1, max: 1000 }));
  else if (schema.type === 'boolean') right = fc.boolean();
  else if (schema.type === 'array') right = fc.array(fromSchema(schema.items as Schema | undefined, components, depth + 1), { maxLength: 4 });
  else if (schema.type === 'object' || schema.properties) {
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    const fields = Object.fromEntries(Object.entries(properties).map(([key, s]) => [key, fromSchema(s, components, depth + 1)]));
    right = fc
      .tuple(fc.record(fields, { requiredKeys: [] }), fc.option(nastyRecord, { nil: undefined }))
      .map(([known, extra]) => (extra ? { ...known, ...extra } : known));
  } else right = nastyJson;
  return fc.oneof({ weight: 4, arbitrary: right }, { weight: 1, arbitrary: wrong });
}

const CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/json; charset=utf-8',
  'application/merge-patch+json',
  'application/x-ndjson',
  '*/*',
  'application/json; charset=',
  '',
];

interface Wire {
  body: Buffer;
  headers: Record<string, string>;
}

/** How a body reaches the wire: JSON as it should be, or with a wrong type, encoding, depth, size or bytes. */
export function wireBody(json: fc.Arbitrary<unknown>): fc.Arbitrary<Wire> {
  const asJson = (value: unknown) => Buffer.from(JSON.stringify(value) ?? 'null', 'utf8');
  const jsonType = { 'content-type': 'application/json' };
  return fc.oneof(
    { weight: 10, arbitrary: json.map((v) => ({ body: asJson(v), headers: jsonType })) },
    { weight: 2, arbitrary: deepText.map((t) => ({ body: Buffer.from(t), headers: jsonType })) },
    { weight: 2, arbitrary: fc.tuple(json, fc.constantFrom(...CONTENT_TYPES)).map(([v, type]) => ({ body: asJson(v), headers: type ? { 'content-type': type } : ({} as Record<string, string>) })) },
    {
      weight: 2,
      arbitrary: fc.tuple(json, fc.constantFrom('gzip', 'br', 'deflate', 'x-gzip', 'identity', 'compress', 'gzip, gzip', 'bogus')).map(([v, encoding]) => ({
        body: encoding.includes('gzip') ? gzipSync(asJson(v)) : asJson(v),
        headers: { ...jsonType, 'content-encoding': encoding },
      })),
    },
    { weight: 1, arbitrary: fc.tuple(json, fc.nat()).map(([v, cut]) => { const text = asJson(v); return { body: text.subarray(0, cut % (text.length + 1)), headers: jsonType }; }) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 256 }).map((bytes) => ({ body: Buffer.from(bytes), headers: jsonType })) },
    { weight: 1, arbitrary: fc.constant(0).map(() => ({ body: Buffer.from('{"gzip":"not really"}'), headers: { ...jsonType, 'content-encoding': 'gzip' } })) },
    // Past the control plane's 1 MiB.
    { weight: 1, arbitrary: fc.integer({ min: 1024 * 1024, max: 1024 * 1024 + 64 * 1024 }).map((n) => ({ body: Buffer.from(JSON.stringify({ name: 'x'.repeat(n) })), headers: jsonType })) },
  );
}

/**
 * `encodeURIComponent`, except that a lone surrogate (which it refuses) is written as the bytes a
 * careless encoder would send for it (CESU-8), which no server can decode as UTF-8.
 */
export function percentEncode(text: string): string {
  return text.replace(/[^]/gu, (unit) => {
    const code = unit.charCodeAt(0);
    if (unit.length === 1 && code >= 0xd800 && code <= 0xdfff) return `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`.toUpperCase();
    return encodeURIComponent(unit);
  });
}

/** Query strings: the route's own parameters and some others, each with nasty values, sometimes repeated or left raw. */
export function queryString(names: string[]): fc.Arbitrary<string> {
  const known = [...new Set([...names, 'page', 'size', 'since', 'timeout', 'from', 'to', 'interval', 'group', 'apiId', 'nodeId', 'type', 'hrids', 'organizationsIds'])];
  const name = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: nastyString });
  const pair = name
    .chain((n) => {
      const good = Object.hasOwn(GOOD_QUERY_VALUES, n) ? GOOD_QUERY_VALUES[n] : undefined;
      return fc.tuple(fc.constant(n), good ? fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...good) }, { weight: 1, arbitrary: nastyScalarText }) : nastyScalarText, fc.boolean());
    })
    .map(([n, value, raw]) => `${percentEncode(n)}=${raw ? percentEncode(value).replace(/%25/g, '%') : percentEncode(value)}`);
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant('') },
    { weight: 6, arbitrary: fc.array(pair, { minLength: 1, maxLength: 5 }).map((pairs) => `?${pairs.join('&')}`) },
    { weight: 1, arbitrary: fc.constantFrom('?%00', '?a=%zz', '?=', '?&&&', '?a[b][c][d][e][f]=1', '?size=1&size=2', `?since=${'9'.repeat(400)}`) },
  );
}

/** A path parameter: usually an id that exists (so the handler runs), else a nasty one. */
export function pathValue(valid: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: valid.length > 0 ? 6 : 0, arbitrary: valid.length > 0 ? fc.constantFrom(...valid) : fc.constant('x') },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: nastyString.map((s) => percentEncode(s.slice(0, 1000)) || 'x') },
    { weight: 1, arbitrary: fc.constantFrom('%00', '%zz', '%', '..', '.', '%2e%2e', '%2F', 'a%00b', '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff') },
  );
}

/** The answers a client may see: a 4xx is JSON `{statusCode, error, code, message}`, and an error is never much larger than its request. */
export function checkAnswer(request: FuzzRequest, status: number, text: string, options: { emptyNotFound?: boolean } = {}): string | undefined {
  if (status >= 500) return `answered ${status}: ${text.slice(0, 500)}`;
  if (status < 400 || request.method === 'HEAD') return undefined;
  if (options.emptyNotFound && status === 404 && text === '') return undefined; // SPEC §4: a missing bridge entity is an empty 404
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `answered ${status} with a body that is not JSON: ${JSON.stringify(text.slice(0, 200))}`;
  }
  const b = body as Record<string, unknown>;
  if (typeof body !== 'object' || body === null || b.statusCode !== status || typeof b.error !== 'string' || typeof b.code !== 'string' || typeof b.message !== 'string') {
    return `answered ${status} without the error shape {statusCode, error, code, message}: ${text.slice(0, 300)}`;
  }
  const limit = 16 * 1024 + (request.body?.length ?? 0) + request.target.length;
  if (text.length > limit) return `answered ${status} with ${text.length} bytes to a request of ${request.body?.length ?? 0}`;
  return undefined;
}

/** What a failing input was, short enough for a test report. */
export function describeRequest(request: FuzzRequest): string {
  const body = request.body ? `${request.body.length} bytes: ${JSON.stringify(request.body.subarray(0, 300).toString('latin1'))}` : 'no body';
  return `${request.method} ${request.target.slice(0, 500)} ${JSON.stringify(request.headers)} (${body})`;
}
