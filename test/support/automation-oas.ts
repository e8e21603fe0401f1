import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { load } from 'js-yaml';

const ROOT = resolve(__dirname, '..', '..');
const FIXTURE = join('fixtures', 'terraform-provider-apim', 'automation-api-oas.yaml');

/**
 * The shared fixtures folder (`../shared/fixtures` in SPEC's words): `SHARED_DIR` when set, else the
 * `shared/` beside this clone or beside one of its parent folders (a git worktree lives one level deeper
 * than a clone), else the workplace's own `/work/shared` (a CI clone may be made anywhere on the machine).
 */
export function sharedFixture(relative: string): string {
  const candidates: string[] = [];
  if (process.env.SHARED_DIR) candidates.push(join(process.env.SHARED_DIR, relative));
  for (let dir = ROOT; dirname(dir) !== dir; dir = dirname(dir)) candidates.push(join(dir, '..', 'shared', relative));
  candidates.push(join('/work/shared', relative));
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`${relative} was not found in SHARED_DIR, a shared/ folder beside ${ROOT} or its parents, or /work/shared`);
  return found;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface OpenApiDocument {
  paths: Record<string, Record<string, JsonObject>>;
  components: { schemas: Record<string, JsonObject>; responses: Record<string, JsonObject> };
}

export interface OperationContract {
  /** Validates a request body against the operation's `requestBody` schema. */
  request: (body: unknown) => string[];
  /** Validates an answer's body against the schema of its status (or `default`). */
  response: (status: number, body: unknown) => string[];
}

/**
 * Gravitee's Automation API document (the Terraform provider's `automation-api-oas.yaml`, OpenAPI 3.1,
 * i.e. JSON Schema 2020-12), compiled by ajv, to check requests and answers against.
 *
 * Two OpenAPI-isms are given their OpenAPI meaning before ajv sees them: `discriminator` with a
 * `mapping` picks the `oneOf` branch by the value of the property (plain `oneOf` would refuse an HTTP
 * listener, which also matches the permissive subscription listener), and refs into
 * `#/components/schemas` point into the compiled schema's `$defs`. `example` (OpenAPI 3.0's
 * singular) is an annotation, and `int32`/`int64` are integer formats.
 */
export class AutomationOpenApi {
  private readonly ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false, allowUnionTypes: true });
  private readonly document: OpenApiDocument;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(file = sharedFixture(FIXTURE)) {
    this.document = load(readFileSync(file, 'utf8')) as OpenApiDocument;
    addFormats(this.ajv);
    this.ajv.addKeyword({ keyword: 'example', schemaType: ['string', 'number', 'boolean', 'object', 'array', 'null'] });
    this.ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
    this.ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
    const $defs = Object.fromEntries(Object.entries(this.document.components.schemas).map(([name, schema]) => [name, openApiToJsonSchema(schema) as JsonObject]));
    this.ajv.addSchema({ $id: 'automation-api', $defs });
  }

  /** The contract of `method path` (path as the document writes it, e.g. `/organizations/{orgId}/environments/{envId}/apis`). */
  operation(method: string, path: string): OperationContract {
    const operation = this.document.paths[path]?.[method.toLowerCase()];
    if (!operation) throw new Error(`the document has no ${method} ${path}`);
    return {
      request: (body) => {
        const schema = (operation.requestBody as JsonObject | undefined)?.content as JsonObject | undefined;
        const json = (schema?.['application/json'] as JsonObject | undefined)?.schema;
        if (!json) return [`${method} ${path} takes no body`];
        return this.check(json as JsonObject, body);
      },
      response: (status, body) => {
        const responses = operation.responses as JsonObject;
        let answer = (responses[String(status)] ?? responses.default) as JsonObject | undefined;
        if (!answer) return [`${method} ${path} documents no ${status} answer`];
        if (typeof answer.$ref === 'string') answer = this.document.components.responses[answer.$ref.split('/').pop() as string];
        const schema = ((answer.content as JsonObject | undefined)?.['application/json'] as JsonObject | undefined)?.schema;
        if (!schema) return body === undefined || body === '' ? [] : [`${method} ${path} ${status} documents no body`];
        return this.check(schema as JsonObject, body);
      },
    };
  }

  /** Validates against a named component schema (`ApiV4State`, `HttpError`, ...). */
  schema(name: string, value: unknown): string[] {
    return this.check({ $ref: `#/components/schemas/${name}` }, value);
  }

  private check(schema: JsonObject, value: unknown): string[] {
    const key = JSON.stringify(schema);
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(openApiToJsonSchema({ ...schema, $id: `automation-api-check-${this.validators.size}` }) as JsonObject);
      this.validators.set(key, validate);
    }
    return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'invalid'} ${JSON.stringify(e.params)}`);
  }
}

const COMPONENT_REF = '#/components/schemas/';

/** An OpenAPI 3.1 schema as plain JSON Schema 2020-12 (see AutomationOpenApi). */
function openApiToJsonSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(openApiToJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'discriminator') continue;
    if (key === '$ref' && typeof value === 'string' && value.startsWith(COMPONENT_REF)) {
      out.$ref = `automation-api#/$defs/${value.slice(COMPONENT_REF.length)}`;
      continue;
    }
    out[key] = openApiToJsonSchema(value);
  }
  const discriminator = (node as JsonObject).discriminator as JsonObject | undefined;
  const mapping = discriminator?.mapping as Record<string, string> | undefined;
  if (discriminator && mapping && Array.isArray(out.oneOf)) {
    // The branch is the one the mapping names for the property's value; a value outside the mapping fails.
    const property = discriminator.propertyName as string;
    delete out.oneOf;
    out.required = [...new Set([...((out.required as string[] | undefined) ?? []), property])];
    out.properties = { ...((out.properties as JsonObject | undefined) ?? {}), [property]: { enum: Object.keys(mapping) } };
    out.allOf = [
      ...((out.allOf as Json[] | undefined) ?? []),
      ...Object.entries(mapping).map(([value, ref]) => ({
        if: { properties: { [property]: { const: value } }, required: [property] },
        then: { $ref: `automation-api#/$defs/${ref.slice(COMPONENT_REF.length)}` },
      })),
    ];
  }
  return out;
}
