import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** A display name: trimmed, so a blank one is refused like an empty one. */
export function NameField(max = 200) {
  return applyDecorators(
    Transform(({ value }) => (typeof value === 'string' ? value.trim() : value)),
    IsString(),
    IsNotEmpty({ message: '$property must not be empty' }),
    MaxLength(max),
  );
}
