import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateBy } from 'class-validator';

/** The longest display name (accounts, environments, gateways, APIs, plans). */
export const MAX_NAME_LENGTH = 200;

/**
 * A display name: trimmed, so a blank one is refused like an empty one. The OpenAPI document states
 * its length (merged with the property's own `@ApiProperty`).
 */
export function NameField(max = MAX_NAME_LENGTH) {
  return applyDecorators(
    ApiProperty({ minLength: 1, maxLength: max }),
    Transform(({ value }) => (typeof value === 'string' ? value.trim() : value)),
    IsString(),
    IsNotEmpty({ message: '$property must not be empty' }),
    MaxLength(max),
  );
}

/** A DNS host name (RFC 1123 labels, at most 253 characters). */
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
export const MAX_ACCESS_POINTS = 50;
/** A host name and a port: `253 + ':65535'`. */
export const MAX_ACCESS_POINT_LENGTH = 259;

/** A host name, optionally with a port from 1 to 65535 (what a load balancer or ingress publishes). */
export function isAccessPoint(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > MAX_ACCESS_POINT_LENGTH) return false;
  const [host, port, ...rest] = value.split(':');
  if (rest.length > 0 || !HOST_NAME.test(host)) return false;
  return port === undefined || (/^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535);
}

/** The hosts a gateway is reachable through: one to fifty access points, lowercased. */
export function AccessPointsField({ optional = false } = {}) {
  const doc = {
    type: 'array',
    items: { type: 'string', maxLength: MAX_ACCESS_POINT_LENGTH, example: 'apis.acme.example' },
    minItems: 1,
    maxItems: MAX_ACCESS_POINTS,
    description: 'Hosts the gateway is reachable through, each a host name with an optional port (1-65535)',
  } as const;
  return applyDecorators(
    optional ? ApiPropertyOptional(doc) : ApiProperty(doc),
    ...(optional ? [IsOptional()] : []),
    Transform(({ value }) => (Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v)) : value)),
    IsArray(),
    ArrayMinSize(1, { message: 'accessPoints must name at least one host' }),
    ArrayMaxSize(MAX_ACCESS_POINTS),
    IsString({ each: true }),
    ValidateBy({ name: 'isAccessPoint', validator: { validate: isAccessPoint } }, { each: true, message: 'each access point must be a host name such as apis.example.com, with an optional port from 1 to 65535' }),
  );
}
