import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { CloudGateConfig } from '@app/config';
import { CloudGateError } from '../cloud-gate.errors';

const WINDOW_MS = 60_000;

/**
 * Per-token fixed window: a window opens with a token's first call and lasts a minute. Kept in
 * Redis when REDIS_URL is set, so every gate instance of a region shares the count; in memory otherwise.
 */
@Injectable()
export class RateLimiter implements OnApplicationShutdown {
  private readonly logger = new Logger(RateLimiter.name);
  private readonly redis?: Redis;
  private readonly local = new Map<string, { count: number; resetAt: number }>();

  constructor(private readonly config: CloudGateConfig) {
    if (config.REDIS_URL) {
      // No offline queue: with Redis down a call fails fast instead of holding the request.
      this.redis = new Redis(config.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
      this.redis.on('error', (err: Error) => this.logger.warn({ msg: 'redis error', reason: err.message }));
    }
  }

  /** Counts one call for `tokenId`; throws RATE_LIMITED (with retry-after seconds) past the limit. */
  async take(tokenId: string, limit = this.config.REPORTS_RATE_LIMIT_PER_MINUTE): Promise<void> {
    const { count, resetInMs } = this.redis ? await this.takeShared(tokenId) : this.takeLocal(tokenId);
    if (count > limit) {
      const retryAfterSeconds = Math.max(1, Math.ceil(resetInMs / 1000));
      throw new CloudGateError('RATE_LIMITED', `more than ${limit} calls per minute for this token`, { retryAfterSeconds });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.redis?.disconnect();
  }

  private async takeShared(tokenId: string): Promise<{ count: number; resetInMs: number }> {
    const key = `cloud-gate:rate:reports:${tokenId}`;
    try {
      const results = await this.redis!.multi().set(key, 0, 'PX', WINDOW_MS, 'NX').incr(key).pttl(key).exec();
      const count = Number(results?.[1]?.[1]);
      const ttl = Number(results?.[2]?.[1]);
      if (!Number.isFinite(count)) throw new Error('unexpected answer from redis');
      return { count, resetInMs: ttl > 0 ? ttl : WINDOW_MS };
    } catch (err) {
      // A limiter outage must not stop analytics: fall back to this instance's own count.
      this.logger.warn({ msg: 'rate limit kept in memory while redis is unavailable', reason: (err as Error).message });
      return this.takeLocal(tokenId);
    }
  }

  private takeLocal(tokenId: string): { count: number; resetInMs: number } {
    const now = Date.now();
    let window = this.local.get(tokenId);
    if (!window || window.resetAt <= now) {
      if (this.local.size > 100_000) this.prune(now);
      window = { count: 0, resetAt: now + WINDOW_MS };
      this.local.set(tokenId, window);
    }
    window.count += 1;
    return { count: window.count, resetInMs: window.resetAt - now };
  }

  private prune(now: number): void {
    for (const [key, window] of this.local) if (window.resetAt <= now) this.local.delete(key);
  }
}
