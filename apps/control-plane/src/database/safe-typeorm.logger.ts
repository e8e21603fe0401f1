import { Logger as NestLogger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';

/**
 * TypeORM logs failed queries with their parameters by default; ours include private keys,
 * token hashes and API keys. This logger keeps the SQL text and the error, never the parameters.
 */
export class SafeTypeOrmLogger implements TypeOrmLogger {
  private readonly logger = new NestLogger('TypeORM');

  logQuery(): void {}

  logQueryError(error: string | Error, query: string): void {
    this.logger.error({ query }, `query failed: ${error instanceof Error ? error.message : error}`);
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn({ query, ms: time }, 'slow query');
  }

  logSchemaBuild(): void {}

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
  }
}
