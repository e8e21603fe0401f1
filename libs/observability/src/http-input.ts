import { BadRequestException, HttpException, HttpStatus, INestApplication } from '@nestjs/common';
import { METHODS, STATUS_CODES, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { json } from 'express';
import type { ErrorRequestHandler, Express, Request, RequestHandler, Response } from 'express';
import { MAX_JSON_DEPTH } from '@app/contracts';
import { errorBody } from './error-body';

/**
 * SPEC §9 for every route of every service, in one place, so a route added tomorrow inherits it:
 * no NUL in any string of a path, query or body, nor keys naming object machinery; JSON no deeper
 * than 32 levels, checked before anything walks it recursively; body-parser's refusals and Node's
 * (a request that is not HTTP) answered with their 4xx in the error shape; wrong methods `405`;
 * no `X-Powered-By`.
 */

/** Control-plane request bodies (SPEC §9): larger ones get `413`. */
export const CONTROL_PLANE_MAX_BODY_BYTES = 1024 * 1024;

export interface InputProblem {
  /** Where: `body.plans[0].name`, `url`. */
  field: string;
  error: string;
}

const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

interface Pending {
  value: unknown;
  depth: number;
  parent?: Pending;
  key?: string | number;
}

/** Keys quoted in an error are cut: the answer to a bad request stays small whatever the request held. */
const MAX_KEY_IN_PATH = 64;

function pathOf(root: string, entry: Pending): string {
  const keys: Array<string | number> = [];
  for (let at: Pending | undefined = entry; at?.parent; at = at.parent) keys.push(at.key!);
  return keys
    .reverse()
    .reduce<string>((path, key) => (typeof key === 'number' ? `${path}[${key}]` : `${path}.${key.length > MAX_KEY_IN_PATH ? `${key.slice(0, MAX_KEY_IN_PATH)}…` : key}`), root);
}

/**
 * The first thing in a parsed JSON value that SPEC §9 refuses: nesting deeper than `maxDepth`
 * (the outermost object or array is level 1), a string or key holding NUL, or a key that names an
 * object's machinery (`__proto__`, `constructor`, `prototype`). It walks with its own stack: a
 * value nested 30,000 deep costs a loop, not the call stack.
 */
export function inspectJson(value: unknown, root = 'body', maxDepth = MAX_JSON_DEPTH): InputProblem | undefined {
  const stack: Pending[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const entry = stack.pop()!;
    const current = entry.value;
    if (typeof current === 'string') {
      if (current.includes('\0')) return { field: pathOf(root, entry), error: 'must not contain NUL characters' };
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    const depth = entry.depth + 1;
    if (depth > maxDepth) return { field: pathOf(root, entry), error: `JSON nested deeper than ${maxDepth} levels` };
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], depth, parent: entry, key: i });
      continue;
    }
    for (const key of Object.keys(current)) {
      if (key.includes('\0')) return { field: pathOf(root, entry), error: 'keys must not contain NUL characters' };
      // Keys that name an object's machinery: class-transformer reads `constructor` as the value's class and fails.
      if (PROTOTYPE_KEYS.has(key)) return { field: pathOf(root, entry), error: `the key ${key} is not accepted` };
      stack.push({ value: (current as Record<string, unknown>)[key], depth, parent: entry, key });
    }
  }
  return undefined;
}

export function inputRefused(problem: InputProblem): BadRequestException {
  const code = problem.error.startsWith('JSON nested') ? 'BODY_TOO_DEEP' : 'VALIDATION_FAILED';
  return new BadRequestException(errorBody(400, code, `${problem.field}: ${problem.error}`, [{ field: problem.field, errors: [problem.error] }]));
}

/** `%00` anywhere in the request target is a NUL in a decoded path segment or query value. */
const ENCODED_NUL = /%00|\0/i;

/** Refuses a NUL in the path or query, and a query naming object machinery, before routing: no handler (nor a pipe) sees them. */
export const refuseNulInUrl: RequestHandler = (req, _res, next) => {
  if (ENCODED_NUL.test(req.url)) return next(inputRefused({ field: 'url', error: 'the path and query must not contain NUL characters' }));
  const problem = inspectJson(req.query, 'query');
  next(problem ? inputRefused(problem) : undefined);
};

/** Refuses what `inspectJson` refuses in a parsed body. */
export const refuseBadBody: RequestHandler = (req, _res, next) => {
  const body: unknown = req.body;
  const problem = body === undefined ? undefined : inspectJson(body);
  next(problem ? inputRefused(problem) : undefined);
};

const JSON_TYPES = ['application/json', 'application/*+json'];

/** A body that is not JSON, on a service that reads only JSON: `415`, rather than a silently empty body. */
const refuseNonJsonBody: RequestHandler = (req, _res, next) => {
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (hasBody && !req.is(JSON_TYPES)) {
    return next(new HttpException(errorBody(415, 'UNSUPPORTED_MEDIA_TYPE', 'request bodies must be JSON (Content-Type: application/json)'), 415));
  }
  next();
};

/** Node's own refusals of what is not HTTP (a bad request line, headers too large), said in the error shape of every answer. */
function answerUnparseableRequest(err: Error & { code?: string }, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const [code, message] =
    status === 431 ? ['HEADERS_TOO_LARGE', 'the request line and headers are larger than this server reads'] : status === 408 ? ['REQUEST_TIMEOUT', 'the request did not arrive in time'] : ['BAD_REQUEST', 'the request is not valid HTTP/1.1'];
  const body = JSON.stringify(errorBody(status, code, message));
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/** body-parser's refusals become our error body here, before Nest reads them as a bare 400. */
const asOurRefusal: ErrorRequestHandler = (err, _req, _res, next) => {
  const body = clientErrorOfHttpStack(err);
  next(body ? new HttpException(body, body.statusCode) : err);
};

export interface HttpHardening {
  /**
   * Parse JSON bodies up to this many bytes (identity encoding, UTF-8 family charsets); other
   * content types with a body get `415`. Unset: the service reads raw bodies itself (the Cloud Gate).
   */
  jsonBodyLimitBytes?: number;
}

/**
 * Applies SPEC §9's shared input rules to a Nest app created with `bodyParser: false`. Call before
 * `listen`; the exception filter (`DomainExceptionFilter`) maps what they refuse.
 */
export function hardenHttp(app: INestApplication, options: HttpHardening = {}): void {
  const express = app.getHttpAdapter().getInstance() as Express;
  express.disable('x-powered-by');
  (app.getHttpServer() as Server).on('clientError', answerUnparseableRequest);
  app.use(refuseNulInUrl);
  if (options.jsonBodyLimitBytes !== undefined) {
    app.use(refuseNonJsonBody);
    // Compressed bodies are refused (`inflate: false` → 415): a control-plane body is small, and a
    // decompressor is one more place for a bomb.
    app.use(json({ limit: options.jsonBodyLimitBytes, inflate: false, type: JSON_TYPES }));
    app.use(asOurRefusal);
    app.use(refuseBadBody);
  }
}

/** Codes for what body-parser (and the router) refuse; their `type` says which refusal it is. */
const HTTP_ERROR_CODES: Record<string, string> = {
  'entity.too.large': 'BODY_TOO_LARGE',
  'encoding.unsupported': 'UNSUPPORTED_MEDIA_TYPE',
  'charset.unsupported': 'UNSUPPORTED_MEDIA_TYPE',
  'entity.parse.failed': 'BODY_INVALID',
  'entity.verify.failed': 'BODY_INVALID',
  'request.aborted': 'BODY_INVALID',
  'request.size.invalid': 'BODY_INVALID',
};

/** Messages of client errors stay short: body-parser quotes the body it could not parse. */
const MAX_MESSAGE_LENGTH = 300;

/**
 * A refusal raised by Express's own stack (body-parser's `http-errors`, the router's undecodable
 * parameter) as our error body, or `undefined` when `err` is not one.
 */
export function clientErrorOfHttpStack(err: unknown): ReturnType<typeof errorBody> | undefined {
  if (!(err instanceof Error)) return undefined;
  const { status, type, expose } = err as Error & { status?: unknown; type?: unknown; expose?: unknown };
  // `expose` is how http-errors marks a message meant for the client; other errors keep their 500.
  if (expose !== true || typeof status !== 'number' || status < 400 || status > 499) return undefined;
  const message = err.message.length > MAX_MESSAGE_LENGTH ? `${err.message.slice(0, MAX_MESSAGE_LENGTH)}…` : err.message;
  return errorBody(status, (typeof type === 'string' && Object.hasOwn(HTTP_ERROR_CODES, type) && HTTP_ERROR_CODES[type]) || defaultCodeOf(status), message);
}

function defaultCodeOf(status: number): string {
  return status === HttpStatus.PAYLOAD_TOO_LARGE ? 'BODY_TOO_LARGE' : status === HttpStatus.UNSUPPORTED_MEDIA_TYPE ? 'UNSUPPORTED_MEDIA_TYPE' : 'BAD_REQUEST';
}

interface RouteLayer {
  route?: { methods: Record<string, boolean | undefined> };
  match(path: string): unknown;
}

/** Nest mounts middleware (`forRoutes('*')`) as routes that take every method: those serve no request. */
const isCatchAll = (methods: string[]) => methods.includes('_all') || METHODS.every((m) => methods.includes(m.toLowerCase()));

/**
 * The methods the app's handlers serve at `req`'s path (uppercase; `HEAD` with `GET`), read from
 * the Express router itself, so routes added anywhere count.
 */
export function allowedMethods(req: Request): string[] {
  const stack = (req.app as Express & { router?: { stack?: RouteLayer[] } }).router?.stack ?? [];
  const allowed = new Set<string>();
  for (const layer of stack) {
    if (!layer.route || !layer.match(req.path)) continue;
    const methods = Object.keys(layer.route.methods).filter((m) => layer.route!.methods[m]);
    if (isCatchAll(methods)) continue;
    for (const method of methods) allowed.add(method.toUpperCase());
    if (methods.includes('get')) allowed.add('HEAD');
  }
  return [...allowed].sort();
}

/**
 * For a `404` raised because no handler took the request: when handlers serve this path with other
 * methods, sets `Allow` and says so (the answer is then `405`).
 */
export function answerWrongMethod(req: Request, res: Response): boolean {
  if (typeof req.app !== 'function') return false;
  const allowed = allowedMethods(req);
  if (allowed.length === 0 || allowed.includes(req.method.toUpperCase())) return false;
  res.setHeader('Allow', allowed.join(', '));
  return true;
}
