import { KeyObject, createPublicKey, JsonWebKey } from 'node:crypto';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CloudGateConfig } from '@app/config';
import { CLOUD_TOKEN_ALGORITHM } from '@app/contracts';
import { ChangeStreamService } from '../control-plane/change-stream.service';
import { ControlPlaneClient } from '../control-plane/control-plane.client';

interface Jwk extends JsonWebKey {
  kid?: string;
  use?: string;
  alg?: string;
}

/**
 * The control plane's signing keys, cached by `kid`. An unknown `kid` triggers one refresh, at most
 * once per JWKS_REFRESH_MIN_INTERVAL_MS so tokens with invented kids cannot hammer the control plane;
 * a `keys` event on the change stream (rotation) refreshes right away.
 */
@Injectable()
export class JwksService implements OnApplicationBootstrap {
  private readonly logger = new Logger(JwksService.name);
  private keys = new Map<string, KeyObject>();
  private lastRefreshAt = 0;
  private loaded = false;
  private inFlight?: Promise<void>;

  constructor(
    private readonly config: CloudGateConfig,
    private readonly controlPlane: ControlPlaneClient,
    changes: ChangeStreamService,
  ) {
    changes.subscribe({
      onKeysChanged: () => void this.refresh().catch((err: Error) => this.logger.warn({ msg: 'JWKS refresh failed', reason: err.message })),
    });
  }

  onApplicationBootstrap(): void {
    // Warm the cache; a control plane that is down now is retried on the first token.
    void this.refresh().catch((err: Error) => this.logger.warn({ msg: 'JWKS not loaded at boot', reason: err.message }));
  }

  /**
   * The verification key for `kid`, or undefined when the control plane does not know it.
   * Throws CONTROL_PLANE_UNAVAILABLE when the keys have never been loaded and cannot be.
   */
  async keyFor(kid: string): Promise<KeyObject | undefined> {
    const cached = this.keys.get(kid);
    if (cached) return cached;
    const mayRefresh = !this.loaded || Date.now() - this.lastRefreshAt >= this.config.JWKS_REFRESH_MIN_INTERVAL_MS;
    if (mayRefresh || this.inFlight) await this.refresh();
    return this.keys.get(kid);
  }

  /** The key currently loaded for `kid`, without fetching. */
  peek(kid: string): KeyObject | undefined {
    return this.keys.get(kid);
  }

  /** Concurrent callers share one fetch. */
  refresh(): Promise<void> {
    this.inFlight ??= this.load().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async load(): Promise<void> {
    this.lastRefreshAt = Date.now();
    const jwks = await this.controlPlane.publicJson<{ keys?: Jwk[] }>('/.well-known/jwks.json');
    const keys = new Map<string, KeyObject>();
    for (const jwk of jwks.keys ?? []) {
      // Only RSA signing keys meant for RS512: a JWKS entry for anything else must not verify tokens.
      if (jwk.kty !== 'RSA' || !jwk.kid || (jwk.alg && jwk.alg !== CLOUD_TOKEN_ALGORITHM) || (jwk.use && jwk.use !== 'sig')) continue;
      try {
        keys.set(jwk.kid, createPublicKey({ key: { kty: jwk.kty, n: jwk.n, e: jwk.e }, format: 'jwk' }));
      } catch (err) {
        this.logger.warn({ msg: 'unusable JWKS key skipped', kid: jwk.kid, reason: (err as Error).message });
      }
    }
    this.keys = keys;
    this.loaded = true;
    this.logger.log({ msg: 'JWKS loaded', kids: [...keys.keys()] });
  }
}
