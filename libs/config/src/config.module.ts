import { DynamicModule, Module } from '@nestjs/common';
import { ClassConstructor } from 'class-transformer';
import { validateConfig } from './validate-config';

/**
 * The one place that reads `process.env`: validated once at boot into a typed object,
 * injectable by its class.
 */
@Module({})
export class AppConfigModule {
  static forRoot<T extends object>(
    cls: ClassConstructor<T>,
    normalize: (env: Record<string, string | undefined>) => Record<string, string | undefined> = (e) => e,
  ): DynamicModule {
    return AppConfigModule.forValue(cls, loadConfig(cls, normalize));
  }

  /** For tests and tools that build the settings themselves. */
  static forValue<T extends object>(cls: ClassConstructor<T>, value: T): DynamicModule {
    return { global: true, module: AppConfigModule, providers: [{ provide: cls, useValue: value }], exports: [cls] };
  }
}

export function loadConfig<T extends object>(
  cls: ClassConstructor<T>,
  normalize: (env: Record<string, string | undefined>) => Record<string, string | undefined> = (e) => e,
): T {
  return validateConfig(cls, normalize(process.env));
}
