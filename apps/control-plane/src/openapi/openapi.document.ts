import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { PUBLIC_ROUTE } from './api-docs.decorators';
import { applyValidationLimits } from './validation-limits';

/** Operational and internal routes live outside the operator API's `/api/v1`. */
export const API_PREFIX = 'api/v1';
export const UNPREFIXED_ROUTES = ['health', 'metrics', '.well-known/jwks.json', 'internal', 'internal/{*path}'];

const ERROR_SCHEMA = 'ErrorBody';
const errorContent = { 'application/json': { schema: { $ref: `#/components/schemas/${ERROR_SCHEMA}` } } };
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/** The limits of SPEC §9 that hold for every request body, beside the per-field ones of its schema. */
const BODY_LIMITS = 'JSON, at most 1 MiB, nested at most 32 levels deep; strings never hold NUL.';

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;
type Response = { description: string; content?: Record<string, unknown> };
type Parameter = { name: string; in: string; schema?: Record<string, unknown> };

/** What every operation may answer, by what it takes: the standard errors of SPEC §8 and §9. */
function standardErrors(op: Operation, isPublic: boolean): Record<string, string> {
  const parameters = (op.parameters ?? []) as Parameter[];
  const takesInput = op.requestBody !== undefined || parameters.length > 0;
  return {
    ...(takesInput ? { 400: 'Invalid input: a field breaks its rule (per-field detail in `details`), a string holds NUL, JSON is nested deeper than 32 levels, or a number is out of range' } : {}),
    ...(isPublic ? {} : { 401: 'Missing or wrong token', 403: 'An automation token used outside its account or environments' }),
    ...(parameters.some((p) => p.in === 'path') ? { 404: 'No such id (or not in this account)' } : {}),
    ...(op.requestBody !== undefined ? { 413: 'Body over 1 MiB', 415: 'Unsupported Content-Encoding or charset' } : {}),
    500: 'Our fault: the body names an error id that is in the log',
  };
}

/**
 * Completes what the decorators leave out, for every route including ones that forgot: the error
 * answers with their schema, `security: []` on public routes, the limits of ids and bodies.
 */
export function completeOperations(document: OpenAPIObject): void {
  document.components ??= {};
  document.components.schemas ??= {};
  document.components.schemas[ERROR_SCHEMA] = {
    type: 'object',
    description: 'Every error answer',
    required: ['statusCode', 'error', 'code', 'message'],
    properties: {
      statusCode: { type: 'integer', example: 404 },
      error: { type: 'string', example: 'Not Found' },
      code: { type: 'string', description: 'Stable machine-readable code', example: 'ACCOUNT_NOT_FOUND' },
      message: { type: 'string' },
      details: { description: 'Per-field problems of a `400` (`[{field, errors}]`), or what else the code carries' },
      errorId: { type: 'string', description: 'On a `500`: the id of the logged error' },
    },
  };
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const op = item[method] as (Operation & { [PUBLIC_ROUTE]?: boolean }) | undefined;
      if (!op) continue;
      const isPublic = op[PUBLIC_ROUTE] === true;
      delete op[PUBLIC_ROUTE];
      if (isPublic) op.security = [];
      for (const parameter of (op.parameters ?? []) as Parameter[]) {
        // Every id in a path is a UUID, refused otherwise by ParseUUIDPipe.
        if (parameter.in === 'path' && (/Id$/.test(parameter.name) || parameter.name === 'jti')) {
          parameter.schema = { type: 'string', format: 'uuid', maxLength: 36, ...parameter.schema };
        }
      }
      if (op.requestBody && 'content' in op.requestBody) {
        op.requestBody.description = op.requestBody.description ? `${op.requestBody.description} ${BODY_LIMITS}` : BODY_LIMITS;
      }
      const responses = op.responses as Record<string, Response>;
      for (const [status, description] of Object.entries(standardErrors(op, isPublic))) {
        responses[status] ??= { description };
        if (!responses[status].description) responses[status].description = description;
      }
      for (const [status, response] of Object.entries(responses)) {
        if (/^[45]/.test(status) && !response.content) response.content = errorContent;
      }
    }
  }
}

/** The control plane's OpenAPI document, as `/api/docs` serves it and `npm test` lints it. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  applyValidationLimits();
  const config = new DocumentBuilder()
    .setTitle('Hybrid control plane')
    .setDescription('Cloud Accounts, environments, hybrid gateways, Cloud Tokens, licenses, APIs and analytics.')
    .setVersion('1')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    .addServer('/', 'This control plane')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Admin token, or an account’s automation token for that account only (403 elsewhere)' }, 'admin')
    .addSecurityRequirements('admin')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '').replace(/^./, (c) => c.toLowerCase())}_${method}`,
  });
  // Prometheus' scrape endpoint is not part of the operator API.
  delete document.paths['/metrics'];
  completeOperations(document);
  return document;
}
