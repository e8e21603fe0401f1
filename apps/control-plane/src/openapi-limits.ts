import { INestApplication, ParseUUIDPipe, Type } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';

const UUID_SCHEMA = { type: 'string', format: 'uuid', minLength: 36, maxLength: 36 } as const;

/**
 * Path parameters every handler reads through `ParseUUIDPipe`, found in the handlers' own metadata:
 * the ids whose limit (a UUID, 36 characters) the OpenAPI document can state (SPEC §9). A name
 * that some handler reads otherwise is left out, so the document never claims more than is checked.
 */
export function uuidPathParameters(app: INestApplication): Set<string> {
  const uuid = new Set<string>();
  const other = new Set<string>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | null;
      if (!controller) continue;
      for (const method of Object.getOwnPropertyNames(controller.prototype)) {
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<string, { data?: unknown; pipes?: unknown[] }>;
        for (const [key, arg] of Object.entries(args)) {
          if (Number(key.split(':')[0]) !== RouteParamtypes.PARAM || typeof arg.data !== 'string') continue;
          const parsed = (arg.pipes ?? []).some((p) => p === ParseUUIDPipe || p instanceof ParseUUIDPipe);
          (parsed ? uuid : other).add(arg.data);
        }
      }
    }
  }
  return new Set([...uuid].filter((name) => !other.has(name)));
}

/** States in the document the length and form of every path id that is parsed as a UUID. */
export function stateIdLimits(document: OpenAPIObject, uuidNames: Set<string>): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item)) {
      const parameters = (operation as { parameters?: Array<{ in?: string; name?: string; schema?: unknown }> } | undefined)?.parameters;
      for (const parameter of Array.isArray(parameters) ? parameters : []) {
        if (parameter.in === 'path' && parameter.name && uuidNames.has(parameter.name)) parameter.schema = { ...UUID_SCHEMA };
      }
    }
  }
  return document;
}
