import { IsOptional } from 'class-validator';
import { KafkaSettings, REGIONS, Region } from './common.config';
import { BoolSetting, IntSetting, OneOfSetting, PortSetting, StringSetting, UrlSetting } from './decorators';

const DEFAULT_PORTS: Record<Region, number> = { eu: 8091, us: 8092 };

export class CloudGateConfig extends KafkaSettings {
  @OneOfSetting(REGIONS)
  REGION!: Region;

  /** Defaults to 8091 for eu and 8092 for us. */
  @IsOptional()
  @PortSetting()
  PORT?: number;

  @UrlSetting(['http', 'https'])
  CONTROL_PLANE_URL = 'http://127.0.0.1:8083';

  @StringSetting()
  INTERNAL_API_TOKEN = 'local-internal-token-change-me';

  @StringSetting()
  TOKEN_ISSUER = 'GraviteeCloud';

  @IntSetting(0, 600)
  TOKEN_CLOCK_SKEW_SECONDS = 30;

  /** PEM files of the gate's certificate and key. */
  @StringSetting(true)
  TLS_CERT_FILE?: string;

  @StringSetting(true)
  TLS_KEY_FILE?: string;

  /** Serve plain HTTP; only for local use behind something that terminates TLS. */
  @BoolSetting()
  CLOUD_GATE_INSECURE_HTTP = false;

  @UrlSetting(['redis', 'rediss'], true)
  REDIS_URL?: string;

  @IntSetting(1024, 512 * 1024 * 1024)
  REPORTS_MAX_BODY_BYTES = 10 * 1024 * 1024;

  /** Requests per token per minute on `/reports`. */
  @IntSetting(1, 10_000_000)
  REPORTS_RATE_LIMIT_PER_MINUTE = 6000;

  /** Longest a sync request may wait for a change before it answers with nothing new. */
  @IntSetting(1000, 300_000)
  SYNC_WAIT_MAX_MS = 30_000;

  get port(): number {
    return this.PORT ?? DEFAULT_PORTS[this.REGION];
  }
}
