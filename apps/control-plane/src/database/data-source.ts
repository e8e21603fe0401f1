import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { SafeTypeOrmLogger } from './safe-typeorm.logger';

/**
 * Options shared by the app and by tools (migrations in tests, `typeorm` CLI).
 * Entities and migrations are found by file pattern so both the compiled app and ts-jest runs see them.
 */
export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [join(__dirname, '..', '**', '*.entity.{ts,js}')],
    migrations: [join(__dirname, 'migrations', '*.{ts,js}')],
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error', 'warn', 'migration'],
    logger: new SafeTypeOrmLogger(),
    extra: { max: 10, connectionTimeoutMillis: 5000 },
  };
}
