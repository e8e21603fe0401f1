import { readFileSync } from 'node:fs';
import { IsOptional, Matches } from 'class-validator';
import { load } from 'js-yaml';
import { CommonConfig } from './common.config';
import { ConfigValidationError } from './validate-config';
import { BoolSetting, IntSetting, MapSetting, OneOfSetting, PortSetting, StringSetting, UrlSetting } from './decorators';

/**
 * The reference gateway reads the same variables as Gravitee's gateway image
 * (`gravitee_cloud_token`, `gravitee_license_key`, `gravitee_ratelimit_*`); lower-case
 * names are accepted and read as their upper-case form.
 */
export class GatewayConfig extends CommonConfig {
  /** A `gravitee.yml` to read settings from (the seed's Linux install); variables win over it. */
  @StringSetting(true)
  GRAVITEE_CONF?: string;

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

  /**
   * The bridge settings of a Gravitee gateway (`management.http.*` of its bridge HTTP client), so one
   * install snippet starts either gateway against a self-hosted control plane. `type` is `http` or unset.
   */
  @IsOptional()
  @OneOfSetting(['http'])
  GRAVITEE_MANAGEMENT_TYPE?: 'http';

  /** The Cloud Gate's `/sync` URL (`https://<gate>/sync`); wins over the token's geography. */
  @UrlSetting(['http', 'https'], true)
  GRAVITEE_MANAGEMENT_HTTP_URL?: string;

  /** Gravitee's bridge client sends Basic credentials; the password is the Cloud Token. */
  @StringSetting(true)
  GRAVITEE_MANAGEMENT_HTTP_AUTHENTICATION_BASIC_USERNAME?: string;

  @StringSetting(true)
  GRAVITEE_MANAGEMENT_HTTP_AUTHENTICATION_BASIC_PASSWORD?: string;

  /** Trust any certificate: off unless asked (Gravitee's client defaults to on; install snippets turn it off). */
  @BoolSetting()
  GRAVITEE_MANAGEMENT_HTTP_SSL_TRUSTALL = false;

  @BoolSetting()
  GRAVITEE_MANAGEMENT_HTTP_SSL_VERIFYHOSTNAME = true;

  /** Only `pem` here: the CA file of a self-hosted control plane. */
  @IsOptional()
  @OneOfSetting(['pem', 'PEM'])
  GRAVITEE_MANAGEMENT_HTTP_SSL_TRUSTSTORE_TYPE?: 'pem' | 'PEM';

  @StringSetting(true)
  GRAVITEE_MANAGEMENT_HTTP_SSL_TRUSTSTORE_PATH?: string;

  /** PEM of the public key licenses are signed with. */
  @StringSetting(true)
  GRAVITEE_LICENSE_PUBLIC_KEY_FILE?: string;

  @PortSetting()
  GATEWAY_HTTP_PORT = 8082;

  @PortSetting()
  GATEWAY_MANAGEMENT_PORT = 18082;

  /**
   * Where the last synced configuration is kept for starts without the Cloud Gate. Unset: a folder of
   * this installation and traffic port under the user's cache, so two gateways never share one.
   */
  @StringSetting(true)
  GATEWAY_STATE_DIR?: string;

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

/**
 * The gateway's settings as a Gravitee gateway reads them: a `gravitee.yml` (the file named by
 * `GRAVITEE_CONF`, as the seed's Linux install writes it), overridden by environment variables, where
 * lower-case `gravitee_*` names (the seed's docker examples) are read as upper case.
 * `management.http.ssl.truststore.path` in the file is `GRAVITEE_MANAGEMENT_HTTP_SSL_TRUSTSTORE_PATH`.
 */
export function normalizeGatewayEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = { ...(env.GRAVITEE_CONF ? graviteeYmlSettings(env.GRAVITEE_CONF) : {}) };
  for (const [key, value] of Object.entries(env)) if (value !== undefined && value !== '') out[key] = value;
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith('gravitee_') && value !== undefined && value !== '' && env[key.toUpperCase()] === undefined) out[key.toUpperCase()] = value;
  }
  // Gravitee's bridge client carries the Cloud Token as its Basic password; either form is the token.
  out.GRAVITEE_CLOUD_TOKEN ??= out.GRAVITEE_MANAGEMENT_HTTP_AUTHENTICATION_BASIC_PASSWORD;
  return out;
}

/** A `gravitee.yml` flattened into the variable names of its settings (`cloud.token` is `GRAVITEE_CLOUD_TOKEN`). */
export function graviteeYmlSettings(file: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigValidationError([`GRAVITEE_CONF: cannot read ${file} (${(err as Error).message})`]);
  }
  let doc: unknown;
  try {
    doc = load(text);
  } catch (err) {
    throw new ConfigValidationError([`GRAVITEE_CONF: ${file} is not YAML (${(err as Error).message.split('\n')[0]})`]);
  }
  const out: Record<string, string> = {};
  const walk = (node: unknown, path: string[]) => {
    if (node === null || node === undefined) return;
    if (typeof node === 'object' && !Array.isArray(node)) {
      for (const [key, value] of Object.entries(node as Record<string, unknown>)) walk(value, [...path, key]);
    } else if (!Array.isArray(node)) {
      out[['GRAVITEE', ...path].join('_').toUpperCase()] = String(node);
    }
  };
  walk(doc, []);
  return out;
}
