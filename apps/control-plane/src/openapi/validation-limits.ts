import { ApiProperty } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';

/** Where @nestjs/swagger keeps a property's `@ApiProperty` options. */
const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';

type Limits = Record<string, unknown>;

/** The JSON Schema keyword a class-validator constraint stands for, when there is one. */
function limitOf(name: string | undefined, constraints: unknown[] | undefined): Limits {
  const [first] = constraints ?? [];
  switch (name) {
    case 'maxLength':
      return { maxLength: first };
    case 'minLength':
      return { minLength: first };
    case 'isNotEmpty':
      return { minLength: 1 };
    case 'max':
      return { maximum: first };
    case 'min':
      return { minimum: first };
    case 'arrayMaxSize':
      return { maxItems: first };
    case 'arrayMinSize':
      return { minItems: first };
    case 'isIn':
      return Array.isArray(first) ? { enum: first } : {};
    case 'isUuid':
      return { format: 'uuid', maxLength: 36 };
    case 'isInt':
      return { type: 'integer' };
    case 'matches':
      // A case-insensitive or multi-line regex has no faithful JSON Schema `pattern`.
      return first instanceof RegExp && first.flags === '' ? { pattern: first.source } : {};
    default:
      return {};
  }
}

/**
 * Copies the limits that DTOs declare for validation (`@MaxLength`, `@Max`, `@ArrayMaxSize`, `@IsIn`,
 * `@IsUUID`, ...) into their OpenAPI schema, so the document states what the API enforces (SPEC §9)
 * from the one place that enforces it. Explicit `@ApiProperty` options win; constraints with
 * `{each: true}` describe the items of an array. Only documented properties are touched.
 */
export function applyValidationLimits(): void {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<new () => object, Array<{ propertyName: string; name?: string; constraints?: unknown[]; each?: boolean }>> };
  for (const [target, metadatas] of storage.validationMetadatas) {
    const byProperty = new Map<string, { own: Limits; items: Limits }>();
    for (const m of metadatas) {
      const entry = byProperty.get(m.propertyName) ?? { own: {}, items: {} };
      Object.assign(m.each ? entry.items : entry.own, limitOf(m.name, m.constraints));
      byProperty.set(m.propertyName, entry);
    }
    for (const [property, { own, items }] of byProperty) {
      if (Reflect.getMetadata('design:type', target.prototype, property) !== String) for (const k of ['minLength', 'maxLength', 'pattern']) delete own[k];
      const existing = Reflect.getMetadata(API_MODEL_PROPERTIES, target.prototype, property) as Record<string, unknown> | undefined;
      if (!existing) continue;
      const merged: Limits = { ...own, ...existing };
      if (own.type === 'integer' && (existing.type === Number || existing.type === 'number')) merged.type = 'integer';
      if (Object.keys(items).length > 0) {
        const isArray = existing.isArray === true || Array.isArray(existing.type);
        // Naming `items` replaces the item type @nestjs/swagger would infer: give it back.
        const itemType = existing.type === String ? 'string' : existing.type === Number ? 'number' : existing.type === Boolean ? 'boolean' : undefined;
        if (isArray && itemType) merged.items = { type: itemType, ...items, ...((existing.items as Limits | undefined) ?? {}) };
      }
      // A numeric limit means nothing on an array or enum; keep what fits the property's kind.
      if (merged.enum) delete merged.pattern;
      ApiProperty(merged)(target.prototype, property);
    }
  }
}
