import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { GatewayConfig } from '@app/config';

export interface RateLimitHealth {
  type: 'none' | 'redis';
  status: 'up' | 'down' | 'disabled';
  message?: string;
}

/**
 * Rate-limit counters shared by every gateway instance (`gravitee_ratelimit_type=redis`), as
 * Gravitee's Redis repository keeps them; `none` keeps no counters and limits nothing.
 */
@Injectable()
export class RateLimitRepository implements OnApplicationShutdown {
  private readonly logger = new Logger(RateLimitRepository.name);
  private readonly redis?: Redis;

  constructor(config: GatewayConfig) {
    if (config.GRAVITEE_RATELIMIT_TYPE !== 'redis') return;
    this.redis = new Redis({
      host: config.GRAVITEE_RATELIMIT_REDIS_HOST,
      port: config.GRAVITEE_RATELIMIT_REDIS_PORT,
      password: config.GRAVITEE_RATELIMIT_REDIS_PASSWORD,
      keyPrefix: 'gravitee:ratelimit:',
      // A request must never wait on an absent Redis: fail fast, the caller lets traffic through.
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      lazyConnect: false,
    });
    this.redis.on('error', (err: Error) => this.logger.warn(`rate-limit repository (Redis): ${err.message}`));
  }

  /** Counts one call in the fixed window of `windowMs`; returns the count so far in that window. */
  async increment(key: string, windowMs: number, now: number = Date.now()): Promise<number | undefined> {
    if (!this.redis) return undefined;
    const window = Math.floor(now / windowMs);
    const slot = `${key}:${window}`;
    const [[, count]] = (await this.redis.multi().incr(slot).pexpire(slot, windowMs * 2).exec()) as [[Error | null, number], unknown];
    return count;
  }

  async health(): Promise<RateLimitHealth> {
    if (!this.redis) return { type: 'none', status: 'disabled' };
    try {
      await this.redis.ping();
      return { type: 'redis', status: 'up' };
    } catch (err) {
      return { type: 'redis', status: 'down', message: err instanceof Error ? err.message : String(err) };
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }
}
