import { KafkaSettings, REGIONS, Region } from './common.config';
import { IsOptional, Matches } from 'class-validator';
import { BoolSetting, IntSetting, MapSetting, OneOfSetting, PortSetting, StringSetting, UrlSetting } from './decorators';

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

  /** Least time between two JWKS refreshes triggered by an unknown `kid` (forged kids must not hammer the control plane). */
  @IntSetting(0, 3_600_000)
  JWKS_REFRESH_MIN_INTERVAL_MS = 10_000;

  /** Timeout of one call to the control plane's internal API. */
  @IntSetting(100, 120_000)
  CONTROL_PLANE_TIMEOUT_MS = 10_000;

  /** Longest pause between two reconnects of the change stream; kept under the 5 s revocation promise. */
  @IntSetting(100, 60_000)
  CHANGE_STREAM_RECONNECT_MAX_MS = 3000;

  /**
   * How often the gate re-reads the complete list of revoked, unexpired tokens, so revocations of
   * tokens that have expired since are forgotten on a gate that stays connected for long.
   */
  @IntSetting(10_000, 7 * 86_400_000)
  REVOCATIONS_REFRESH_MS = 3_600_000;

  /** Where gateways of the other geography belong, named in `421` answers; wins over the template. */
  @IsOptional()
  @MapSetting('eu=https://127.0.0.1:8091,us=https://127.0.0.1:8092')
  CLOUD_GATE_URLS?: Record<string, string>;

  @Matches(/\{cpg\}/, { message: 'must contain the {cpg} placeholder, e.g. https://{cpg}.cloudgate.example.com' })
  CLOUD_GATE_URL_TEMPLATE = 'https://{cpg}.cloudgate.gravitee.io';

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

  /**
   * `/reports` body bytes the gate holds at once (as sent and decompressed), across all calls: past
   * it a call answers 503 GATE_BUSY with Retry-After instead of the gate running out of memory. A
   * single call may always use up to REPORTS_MAX_BODY_BYTES when nothing else is held.
   */
  @IntSetting(1024 * 1024, 4 * 1024 * 1024 * 1024)
  REPORTS_MAX_INFLIGHT_BYTES = 64 * 1024 * 1024;

  /** Requests per token per minute on `/reports`. */
  @IntSetting(1, 10_000_000)
  REPORTS_RATE_LIMIT_PER_MINUTE = 6000;

  /** Partitions of the region's report topic when the gate creates it. */
  @IntSetting(1, 1000)
  REPORTS_TOPIC_PARTITIONS = 6;

  /**
   * Produce requests to Kafka in flight at once; reports arriving meanwhile are coalesced into the
   * next request (fewer, larger record batches: less broker work per report).
   */
  @IntSetting(1, 64)
  REPORTS_PRODUCE_MAX_IN_FLIGHT = 2;

  /**
   * Upper bound of one record batch's payload, under the broker's `message.max.bytes` (1 MiB by default).
   * Kept well under half a G1 heap region (1 MiB on brokers with less than 2 GB of heap): a larger
   * request buffer is a humongous allocation on the broker, which measured 4-5x the broker CPU per
   * report at 768 KiB (bench/cloud-gate.bench.ts prints the broker's CPU per report).
   */
  @IntSetting(16 * 1024, 64 * 1024 * 1024)
  REPORTS_PRODUCE_MAX_BATCH_BYTES = 256 * 1024;

  /** Longest a `/reports` call waits for Kafka's acknowledgement before answering `503`. */
  @IntSetting(500, 120_000)
  REPORTS_KAFKA_TIMEOUT_MS = 10_000;

  /** Longest a sync request may wait for a change before it answers with nothing new. */
  @IntSetting(1000, 300_000)
  SYNC_WAIT_MAX_MS = 30_000;

  get port(): number {
    return this.PORT ?? DEFAULT_PORTS[this.REGION];
  }
}
