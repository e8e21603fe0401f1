import { IsOptional, Matches, ValidateBy } from 'class-validator';
import { CommonConfig, REGIONS } from './common.config';
import { IntSetting, MapSetting, PortSetting, StringSetting, UrlSetting } from './decorators';

export class ControlPlaneConfig extends CommonConfig {
  @PortSetting()
  PORT = 8083;

  @UrlSetting(['postgres', 'postgresql'])
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/hybrid_cp';

  @UrlSetting(['http', 'https'])
  ELASTICSEARCH_URL = 'http://127.0.0.1:9200';

  /** Operator credential; when unset one is generated at first start and printed once. */
  @IsOptional()
  @Matches(/^\S{16,}$/, { message: 'must be at least 16 characters without spaces' })
  ADMIN_TOKEN?: string;

  /** Shared secret Cloud Gates present on the control plane's internal bridge API. */
  @Matches(/^\S{16,}$/, { message: 'must be at least 16 characters without spaces' })
  INTERNAL_API_TOKEN = 'local-internal-token-change-me';

  @StringSetting()
  TOKEN_ISSUER = 'GraviteeCloud';

  @IntSetting(1, 3650)
  TOKEN_TTL_DAYS = 365;

  /** Clock skew allowed when the control-plane API checks an automation token's `exp`, `nbf` and `iat`. */
  @IntSetting(0, 600)
  TOKEN_CLOCK_SKEW_SECONDS = 30;

  @IntSetting(1, 3650)
  LICENSE_TTL_DAYS = 365;

  /** Explicit Cloud Gate URL per geography; wins over the template. */
  @IsOptional()
  @MapSetting('eu=https://127.0.0.1:8091,us=https://127.0.0.1:8092')
  CLOUD_GATE_URLS?: Record<string, string>;

  /** Production form of the Cloud Gate URL, `{cpg}` replaced by the token's geography. */
  @Matches(/\{cpg\}/, { message: 'must contain the {cpg} placeholder, e.g. https://{cpg}.cloudgate.example.com' })
  CLOUD_GATE_URL_TEMPLATE = 'https://{cpg}.cloudgate.gravitee.io';

  @StringSetting()
  CONTROL_PLANE_ID = 'cp-local';

  @StringSetting()
  CONTROL_PLANE_PROVIDER = 'az';

  /** Cloud region of the control plane per geography (token claim `cpr`). */
  @MapSetting('eu=westeurope,us=eastus')
  CONTROL_PLANE_REGIONS: Record<string, string> = { eu: 'westeurope', us: 'eastus' };

  /** Gateway version written into install instructions (`graviteeio/apim-gateway:<version>`). */
  @StringSetting()
  GATEWAY_VERSION = '4.6.7';

  /**
   * The image the Docker and Helm install snippets run, `{version}` replaced by GATEWAY_VERSION:
   * Gravitee's gateway by default, or the project's reference gateway image (`hybrid-cp-gateway:local`,
   * the Dockerfile's `gateway` target).
   */
  @Matches(/^[a-z0-9][a-z0-9._\-/:{}]*$/, { message: 'must be an image reference such as graviteeio/apim-gateway:{version}' })
  GATEWAY_IMAGE = 'graviteeio/apim-gateway:{version}';

  /**
   * PEM of the CA that signed the Cloud Gates' certificate, when it is a private one (a self-hosted control
   * plane): install snippets carry it so gateways trust the gates.
   */
  @StringSetting(true)
  CLOUD_GATE_CA_FILE?: string;

  /** A gateway instance is `disconnected` once no heartbeat arrived for this long. */
  @IntSetting(1000, 3_600_000)
  HEARTBEAT_TIMEOUT_MS = 15_000;

  /**
   * Key-encryption key sealing the Cloud Token signing keys and the license key at rest: 32 random
   * bytes, base64 or base64url (`openssl rand -base64 32`). Unset: read from KEY_ENCRYPTION_KEY_FILE.
   */
  @IsOptional()
  @ValidateBy({ name: 'key32', validator: { validate: isKey32 } }, { message: 'must be 32 random bytes in base64 or base64url, e.g. the output of `openssl rand -base64 32`' })
  KEY_ENCRYPTION_KEY?: string;

  /** Where the key-encryption key is kept when KEY_ENCRYPTION_KEY is unset; created (mode 0600) at first start. */
  @StringSetting()
  KEY_ENCRYPTION_KEY_FILE = '.run/key-encryption-key';

  static readonly regions = REGIONS;
}

/** 32 bytes in base64 or base64url (padding optional). */
export function isKey32(value: unknown): boolean {
  return typeof value === 'string' && /^[A-Za-z0-9+/_-]{43}=?$/.test(value.trim()) && Buffer.from(value.trim(), 'base64').length === 32;
}
