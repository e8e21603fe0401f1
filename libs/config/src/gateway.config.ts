import { IsOptional, Matches } from 'class-validator';
import { CommonConfig } from './common.config';
import { BoolSetting, IntSetting, MapSetting, OneOfSetting, PortSetting, StringSetting } from './decorators';

/**
 * The reference gateway reads the same variables as Gravitee's gateway image
 * (`gravitee_cloud_token`, `gravitee_license_key`, `gravitee_ratelimit_*`); lower-case
 * names are accepted and read as their upper-case form.
 */
export class GatewayConfig extends CommonConfig {
  @StringSetting()
  GRAVITEE_CLOUD_TOKEN!: string;

  @StringSetting()
  GRAVITEE_LICENSE_KEY!: string;

  @OneOfSetting(['none', 'redis'])
  GRAVITEE_RATELIMIT_TYPE: 'none' | 'redis' = 'none';

  @StringSetting()
  GRAVITEE_RATELIMIT_REDIS_HOST = '127.0.0.1';

  @PortSetting()
  GRAVITEE_RATELIMIT_REDIS_PORT = 6379;

  @StringSetting(true)
  GRAVITEE_RATELIMIT_REDIS_PASSWORD?: string;

  /** Local override of the Cloud Gate per geography, e.g. `eu=https://127.0.0.1:8091,us=https://127.0.0.1:8092`. */
  @IsOptional()
  @MapSetting('eu=https://127.0.0.1:8091,us=https://127.0.0.1:8092')
  GRAVITEE_CLOUD_GATE_URLS?: Record<string, string>;

  @Matches(/\{cpg\}/, { message: 'must contain the {cpg} placeholder' })
  GRAVITEE_CLOUD_GATE_URL_TEMPLATE = 'https://{cpg}.cloudgate.gravitee.io';

  /** PEM bundle of CAs trusted for the Cloud Gate's certificate (in addition to the system's). */
  @StringSetting(true)
  GRAVITEE_CLOUD_GATE_CA_FILE?: string;

  /** PEM of the public key licenses are signed with. */
  @StringSetting(true)
  GRAVITEE_LICENSE_PUBLIC_KEY_FILE?: string;

  @PortSetting()
  GATEWAY_HTTP_PORT = 8082;

  @PortSetting()
  GATEWAY_MANAGEMENT_PORT = 18082;

  /** Where the last synced configuration is kept for starts without the Cloud Gate. */
  @StringSetting()
  GATEWAY_STATE_DIR = '.run/gateway';

  @IntSetting(1, 100_000)
  GATEWAY_REPORT_BATCH_SIZE = 1000;

  @IntSetting(10, 600_000)
  GATEWAY_REPORT_FLUSH_MS = 5000;

  @IntSetting(100, 600_000)
  GATEWAY_HEARTBEAT_MS = 5000;

  /** Reports kept in memory while the Cloud Gate is slow or away; past it the oldest are dropped (and counted). */
  @IntSetting(1, 10_000_000)
  GATEWAY_REPORT_BUFFER_MAX = 10_000;

  /** How long an upstream may stay silent before the client gets `504`. */
  @IntSetting(10, 600_000)
  GATEWAY_UPSTREAM_TIMEOUT_MS = 30_000;

  /** Pause between sync polls when the Cloud Gate offers no change notification, and after a failed sync. */
  @IntSetting(50, 600_000)
  GATEWAY_SYNC_INTERVAL_MS = 1000;

  /** Longest the gateway asks the Cloud Gate to hold a sync request open waiting for a change. */
  @IntSetting(0, 300_000)
  GATEWAY_SYNC_WAIT_MS = 25_000;

  /**
   * Outbound HTTP proxy to reach the Cloud Gate, as the seed's Linux configuration
   * (`management.http.proxy.*`) sets it.
   */
  @BoolSetting()
  GRAVITEE_MANAGEMENT_HTTP_PROXY_ENABLED = false;

  @OneOfSetting(['HTTP'])
  GRAVITEE_MANAGEMENT_HTTP_PROXY_TYPE = 'HTTP' as const;

  @StringSetting(true)
  GRAVITEE_MANAGEMENT_HTTP_PROXY_HOST?: string;

  @PortSetting()
  GRAVITEE_MANAGEMENT_HTTP_PROXY_PORT = 8080;

  @StringSetting(true)
  GRAVITEE_MANAGEMENT_HTTP_PROXY_USERNAME?: string;

  @StringSetting(true)
  GRAVITEE_MANAGEMENT_HTTP_PROXY_PASSWORD?: string;
}

/** Lower-case `gravitee_*` variables, as the seed's docker examples set them, read as upper case. */
export function normalizeGatewayEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = { ...env };
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith('gravitee_') && out[key.toUpperCase()] === undefined) out[key.toUpperCase()] = value;
  }
  return out;
}
