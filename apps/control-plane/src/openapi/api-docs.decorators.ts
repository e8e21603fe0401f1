import { applyDecorators } from '@nestjs/common';
import { ApiExtension, ApiOperation } from '@nestjs/swagger';

/** Marks a route that needs no credentials; the document gives it `security: []`. */
export const PUBLIC_ROUTE = 'x-public-route';

export interface RouteDoc {
  /** Unique across the API, camelCase verb first, as generated clients name their methods: `createGateway`. */
  operationId: string;
  /** One line, what the call does for the operator. */
  summary: string;
  description?: string;
}

/**
 * The documentation every control-plane operation carries. Error answers (`400`, `401`, `404`, `413`,
 * `415`, `500` with the `{statusCode, error, code, message}` schema) and the limits of SPEC §9 are added
 * to every operation by `buildOpenApiDocument`; declare only what is particular to the route
 * (`@ApiConflictResponse(...)`, an extra `@ApiBadRequestResponse({description})`).
 */
export function ApiRoute(doc: RouteDoc): MethodDecorator {
  return applyDecorators(ApiOperation({ operationId: doc.operationId, summary: doc.summary, description: doc.description }));
}

/** A route anyone may call (public keys, health): documented with `security: []`. */
export function PublicRoute(): MethodDecorator & ClassDecorator {
  return ApiExtension(PUBLIC_ROUTE, true);
}
