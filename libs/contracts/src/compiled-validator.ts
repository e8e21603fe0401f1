import 'reflect-metadata';
import { TransformationType } from 'class-transformer';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { ValidationArguments, ValidationTypes, getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { ValidationUtils } from 'class-validator/cjs/validation/ValidationUtils';

/**
 * Validators compiled once from the class-validator and class-transformer metadata of a contract class.
 *
 * The report contract is checked on every report a gateway sends and again on every message the ingest
 * worker consumes; `plainToInstance` + `validateSync` cost ~100 µs a report and capped both hot paths.
 * This walks the same decorators once, then applies the same transforms, runs the same constraint
 * functions and builds the same messages per call, with none of the per-call metadata lookups. The
 * classes stay the single source of the contract; `compiled-validator.spec.ts` checks both paths agree.
 */
/** `transformed`: a transform changed a field (e.g. an ISO date made epoch millis), so `value` says more than `input`. */
export type Compiled<T> = (input: Record<string, unknown>) => { ok: true; value: T; transformed: boolean } | { ok: false; errors: FieldError[] };

export interface FieldError {
  property: string;
  messages: string[];
  children: FieldError[];
}

type ConstraintCheck = {
  name: string;
  each: boolean;
  metadata: ValidationMetadata;
  validate: (value: unknown, args: ValidationArguments) => boolean;
  message: (args: ValidationArguments) => string;
};

/** Says `true` only when the value certainly passes; `false` sends the property down the full path. */
type FastCheck = (value: unknown, object: Record<string, unknown>) => boolean;

interface PropertyPlan {
  name: string;
  /** Set when every constraint of the property has a shortcut (the common, valid case). */
  fast?: FastCheck;
  /** `fast` as source, for the whole-object check. */
  fastSource?: string;
  transforms: Array<(value: unknown, obj: Record<string, unknown>) => unknown>;
  conditions: Array<(obj: Record<string, unknown>, value: unknown) => boolean>;
  defined: ConstraintCheck[];
  custom: ConstraintCheck[];
  nested?: Compiled<object>;
  nestedMetadata?: ValidationMetadata;
}

const HANDLED = new Set<string>([ValidationTypes.CUSTOM_VALIDATION, ValidationTypes.IS_DEFINED, ValidationTypes.CONDITIONAL_VALIDATION, ValidationTypes.NESTED_VALIDATION]);

function constraintChecks(metadata: ValidationMetadata): ConstraintCheck[] {
  const storage = getMetadataStorage();
  return storage.getTargetValidatorConstraints(metadata.constraintCls).map((constraint) => {
    if (constraint.async) throw new Error(`compileValidator: async constraint ${constraint.name} on ${metadata.propertyName} is not supported`);
    const instance = constraint.instance;
    return {
      name: constraint.name ?? metadata.type,
      each: Boolean(metadata.each),
      metadata,
      validate: (value, args) => instance.validate(value, args) as boolean,
      message: (args) => {
        const template = metadata.message || (typeof instance.defaultMessage === 'function' ? instance.defaultMessage(args) : '');
        return ValidationUtils.replaceMessageSpecialTokens(template, args);
      },
    };
  });
}

/**
 * Shortcuts for class-validator's own constraints, by constraint name, as JavaScript source over `v`
 * (`constant` names a value the source needs). Each accepts a subset of what the constraint accepts
 * (e.g. `maxLength` counts UTF-16 units, never more than class-validator's count), so a shortcut never
 * passes a value the constraint would refuse; anything else falls back to the constraint itself.
 */
const SHORTCUTS: Record<string, (constraints: unknown[], constant: (value: unknown) => string) => string | undefined> = {
  isDefined: () => 'v !== undefined && v !== null',
  isString: () => "typeof v === 'string'",
  isNotEmpty: () => "v !== '' && v !== null && v !== undefined",
  maxLength: ([max]) => (isPlainNumber(max) ? `typeof v === 'string' && v.length <= ${max}` : undefined),
  isNumber: ([options]) => ((options as { maxDecimalPlaces?: number } | undefined)?.maxDecimalPlaces === undefined ? "typeof v === 'number' && Number.isFinite(v)" : undefined),
  isInt: () => 'Number.isInteger(v)',
  min: ([min]) => (isPlainNumber(min) ? `typeof v === 'number' && v >= ${min}` : undefined),
  max: ([max]) => (isPlainNumber(max) ? `typeof v === 'number' && v <= ${max}` : undefined),
  isIn: ([allowed], constant) => (Array.isArray(allowed) ? `${constant(allowed)}.indexOf(v) !== -1` : undefined),
  isBoolean: () => "typeof v === 'boolean'",
  isObject: () => "typeof v === 'object' && v !== null && !Array.isArray(v)",
};

/** A number that prints as itself in source. */
function isPlainNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Constants that generated source refers to by name (`k0`, `k1`, ...), handed to it as parameters. */
class Constants {
  readonly values: unknown[] = [];

  name(value: unknown): string {
    let index = this.values.indexOf(value);
    if (index === -1) index = this.values.push(value) - 1;
    return `k${index}`;
  }

  /** `new Function` over `body`, with the constants bound; `params` are the function's own. */
  compile<F>(params: string[], body: string): F {
    const names = this.values.map((_, i) => `k${i}`);
    return new Function(...names, `return function (${params.join(', ')}) {\n${body}\n};`)(...this.values) as F;
  }
}

/**
 * Source of all of a property's checks, over `v` (its value) and `o` (the object): an expression that
 * is true only when every check certainly passes. Only for properties without nesting whose only
 * condition, if any, is @IsOptional (skip when null or undefined).
 */
function fastSource(plan: PropertyPlan, conditionNames: string[], targetName: string, constants: Constants): string | undefined {
  if (plan.nested || conditionNames.some((name) => name !== 'isOptional')) return undefined;
  const parts = [...plan.defined, ...plan.custom].map((check) => {
    if (check.each) return undefined;
    const known = SHORTCUTS[check.name]?.(check.metadata.constraints ?? [], (value) => constants.name(value));
    if (known) return `(${known})`;
    // Any other constraint (e.g. a `ValidateBy`) runs its own check.
    const constraints = check.metadata.constraints;
    const validate = (value: unknown, object: Record<string, unknown>) => check.validate(value, { targetName, property: plan.name, object, value, constraints });
    return `${constants.name(validate)}(v, o)`;
  });
  if (parts.some((part) => part === undefined)) return undefined;
  const all = parts.length > 0 ? parts.join(' && ') : 'true';
  return conditionNames.length > 0 ? `(v === undefined || v === null || (${all}))` : `(${all})`;
}

export function compileValidator<T extends object>(cls: new () => T): Compiled<T> {
  const storage = getMetadataStorage();
  const metadatas = storage.getTargetValidationMetadatas(cls, '', true, false);
  const unsupported = metadatas.filter((m) => !HANDLED.has(m.type));
  if (unsupported.length > 0) throw new Error(`compileValidator: ${cls.name} uses unsupported validation types ${unsupported.map((m) => m.type).join(', ')}`);
  const grouped = storage.groupByPropertyName(metadatas);
  const constants = new Constants();

  const plans: PropertyPlan[] = Object.keys(grouped).map((name) => {
    const group = grouped[name];
    const conditional = group.filter((m) => m.type === ValidationTypes.CONDITIONAL_VALIDATION);
    const plan: PropertyPlan = {
      name,
      transforms: defaultMetadataStorage
        .findTransformMetadatas(cls, name, TransformationType.PLAIN_TO_CLASS)
        .map((t) => (value: unknown, obj: Record<string, unknown>) => t.transformFn({ value, key: name, obj, type: TransformationType.PLAIN_TO_CLASS, options: {} })),
      conditions: conditional.map((m) => m.constraints[0] as (o: Record<string, unknown>, v: unknown) => boolean),
      defined: group.filter((m) => m.type === ValidationTypes.IS_DEFINED).flatMap(constraintChecks),
      custom: group.filter((m) => m.type === ValidationTypes.CUSTOM_VALIDATION).flatMap(constraintChecks),
    };
    const nested = group.find((m) => m.type === ValidationTypes.NESTED_VALIDATION);
    if (nested) {
      const typeMetadata = defaultMetadataStorage.findTypeMetadata(cls, name);
      const nestedClass = (typeMetadata?.typeFunction() ?? Reflect.getMetadata('design:type', cls.prototype, name)) as new () => object;
      if (!nestedClass || nestedClass === Object || nestedClass === Array) throw new Error(`compileValidator: ${cls.name}.${name} needs @Type to validate nested`);
      plan.nested = compileValidator(nestedClass);
      plan.nestedMetadata = nested;
    }
    plan.fastSource = fastSource(plan, conditional.map((m) => m.name ?? ''), cls.name, constants);
    return plan;
  });
  const targetName = cls.name;
  for (const plan of plans) {
    if (plan.fastSource) plan.fast = constants.compile<FastCheck>(['v', 'o'], `return ${plan.fastSource};`);
  }
  const whole = wholeObjectCheck(plans, constants);

  // `value` is `input` itself unless a transform changed a field: then it is a copy, and `input` is
  // left as it was. Copying every input cost the hot paths an object per report for nothing.
  return (input) => {
    if (whole?.(input)) return { ok: true, value: input as T, transformed: false };
    let out: Record<string, unknown> = input;
    let transformed = false;
    for (const plan of plans) {
      for (const transform of plan.transforms) {
        const before = out[plan.name];
        const after = transform(before, input);
        if (after !== before) {
          if (!transformed) out = { ...input };
          out[plan.name] = after;
          transformed = true;
        }
      }
    }
    const errors: FieldError[] = [];
    for (const plan of plans) {
      const value = out[plan.name];
      if (plan.fast?.(value, out)) continue;
      if (!plan.conditions.every((condition) => condition(out, value))) continue;
      const messages: string[] = [];
      const args: ValidationArguments = { targetName, property: plan.name, object: out, value, constraints: [] };
      const run = (check: ConstraintCheck) => {
        const a = { ...args, constraints: check.metadata.constraints };
        const valid =
          check.each && (Array.isArray(value) || value instanceof Set || value instanceof Map)
            ? Array.from(value instanceof Map ? value.values() : (value as Iterable<unknown>)).every((item) => check.validate(item, a))
            : check.validate(value, a);
        if (!valid) messages.push(check.message(a));
      };
      plan.defined.forEach(run);
      plan.custom.forEach(run);
      const children: FieldError[] = [];
      if (plan.nested && plan.nestedMetadata && value !== undefined) {
        if (value instanceof Object && !Array.isArray(value)) {
          const result = plan.nested(value as Record<string, unknown>);
          if (!result.ok) children.push(...result.errors);
          else if (result.transformed) {
            if (!transformed) out = { ...out };
            out[plan.name] = result.value;
            transformed = true;
          }
        } else if (!Array.isArray(value)) {
          messages.push(ValidationUtils.replaceMessageSpecialTokens(plan.nestedMetadata.message || 'nested property $property must be either object or array', { ...args }));
        }
      }
      if (messages.length > 0 || children.length > 0) errors.push({ property: plan.name, messages, children });
    }
    return errors.length > 0 ? { ok: false, errors } : { ok: true, value: out as T, transformed };
  };
}

/**
 * One generated function over the whole object: true when every property certainly passes and no
 * transform changes anything, which is the common case of a valid report; then nothing else runs.
 * Undefined when a property has no fast check (nesting, conditions other than @IsOptional).
 */
function wholeObjectCheck(plans: PropertyPlan[], constants: Constants): ((input: Record<string, unknown>) => boolean) | undefined {
  if (plans.some((plan) => plan.fastSource === undefined)) return undefined;
  const lines = ['let v;'];
  for (const plan of plans) {
    lines.push(`v = o[${JSON.stringify(plan.name)}];`);
    for (const transform of plan.transforms) lines.push(`if (${constants.name(transform)}(v, o) !== v) return false;`);
    lines.push(`if (!${plan.fastSource}) return false;`);
  }
  lines.push('return true;');
  return constants.compile<(input: Record<string, unknown>) => boolean>(['o'], lines.join('\n'));
}

/** `a: m1; a: m2; b.c: m3`, the form the report contract has always used for rejected lines. */
export function describeFieldErrors(errors: FieldError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.messages.map((m) => (m.startsWith(e.property) ? `${prefix ? prefix + '.' : ''}${m}` : `${path}: ${m}`));
    return [...own, ...describeFieldErrors(e.children, path)];
  });
}
