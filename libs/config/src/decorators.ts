import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Max, Min, ValidateBy, buildMessage } from 'class-validator';
import { applyDecorators } from '@nestjs/common';

/** Integer setting, parsed from its string form. */
export function IntSetting(min: number, max: number) {
  return applyDecorators(
    Transform(({ value }) => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value)),
    IsInt({ message: `must be an integer between ${min} and ${max}` }),
    Min(min, { message: `must be an integer between ${min} and ${max}` }),
    Max(max, { message: `must be an integer between ${min} and ${max}` }),
  );
}

export const PortSetting = () => IntSetting(0, 65535);

/** Boolean setting written `true`/`false` (also `1`/`0`, `yes`/`no`). */
export function BoolSetting() {
  return applyDecorators(
    Transform(({ value }) => {
      if (typeof value !== 'string') return value;
      const v = value.trim().toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(v)) return true;
      if (['false', '0', 'no', 'off'].includes(v)) return false;
      return value;
    }),
    IsBoolean({ message: 'must be true or false' }),
  );
}

export function StringSetting(optional = false) {
  return optional
    ? applyDecorators(IsOptional(), IsString())
    : applyDecorators(IsString({ message: 'must be set to a non-empty value' }), IsNotEmpty({ message: 'must be set to a non-empty value' }));
}

export function OneOfSetting(values: readonly string[]) {
  return IsIn(values as string[], { message: `must be one of ${values.join(', ')}` });
}

export function UrlSetting(protocols: string[], optional = false) {
  const check = IsUrl({ protocols, require_tld: false, require_protocol: true }, { message: `must be a URL (${protocols.join('/')}://...)` });
  return optional ? applyDecorators(IsOptional(), check) : check;
}

/** Comma-separated list, e.g. `KAFKA_BROKERS=127.0.0.1:9092,127.0.0.1:9094`. */
export function ListSetting(itemPattern: RegExp, example: string) {
  return applyDecorators(
    Transform(({ value }) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value)),
    ValidateBy({
      name: 'list',
      validator: {
        validate: (value: unknown) => Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' && itemPattern.test(v)),
        defaultMessage: buildMessage(() => `must be a comma-separated list like ${example}`),
      },
    }),
  );
}

/** `eu=https://127.0.0.1:8091,us=https://127.0.0.1:8092` style maps. */
export function MapSetting(example: string) {
  return applyDecorators(
    Transform(({ value }) => {
      if (typeof value !== 'string') return value;
      const entries = value.split(',').map((s) => s.trim()).filter(Boolean).map((pair) => {
        const at = pair.indexOf('=');
        return at > 0 ? [pair.slice(0, at).trim(), pair.slice(at + 1).trim()] : [pair, ''];
      });
      return Object.fromEntries(entries);
    }),
    ValidateBy({
      name: 'map',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' && value !== null && Object.values(value).length > 0 && Object.values(value).every((v) => typeof v === 'string' && v !== ''),
        defaultMessage: buildMessage(() => `must be a comma-separated list of key=value pairs like ${example}`),
      },
    }),
  );
}
