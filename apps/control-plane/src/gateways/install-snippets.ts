/**
 * Install instructions as the seed's hybrid gateway guide writes them, with the real Cloud Token,
 * license key and gateway image filled in. Values are quoted for YAML and shell.
 *
 * For a self-hosted control plane (Cloud Gates not at the production template) every snippet also
 * carries the bridge settings of a Gravitee gateway (`management.http.*` of its bridge HTTP client):
 * the gate's `/sync` URL, the Cloud Token as the Basic password the client sends, and the control
 * plane's CA as a PEM truststore. Gravitee's gateway and the reference gateway both read them.
 */
export interface InstallValues {
  cloudToken: string;
  licenseKey: string;
  /** `repository:tag` the Docker and Helm snippets run. */
  image: string;
  accessPoints: string[];
  /** Present when the gates are self-hosted. */
  bridge?: BridgeValues;
}

export interface BridgeValues {
  /** The region's Cloud Gate, e.g. `https://127.0.0.1:8091`. */
  gateUrl: string;
  /** The CA that signed the gate's certificate, when it is not publicly trusted. */
  ca?: { pem: string; path: string; name: string };
}

export interface InstallSnippets {
  docker: string;
  helm: string;
  openshift: string;
  linux: string;
}

/** Where the CA sits inside a container (Docker mount, Kubernetes volume). */
const CONTAINER_CA_DIR = '/opt/graviteeio-gateway/cloud-gate-ca';
const CONTAINER_CA_PATH = `${CONTAINER_CA_DIR}/ca.pem`;
/** Gravitee's bridge client needs a user name beside the token; the gate ignores it. */
const BASIC_USER = 'cloud-token';

/** Token and license are base64/base64url: no quote or shell metacharacter can appear, but check anyway. */
function safe(value: string, what: string): string {
  if (!/^[A-Za-z0-9._\-+/=:]+$/.test(value)) throw new Error(`${what} has characters not allowed in install instructions`);
  return value;
}

function safePem(pem: string): string[] {
  const lines = pem.trim().split(/\r?\n/).map((l) => l.trim());
  if (!lines.every((l) => /^[A-Za-z0-9+/=]*$/.test(l) || /^-----(BEGIN|END) CERTIFICATE-----$/.test(l)) || !lines[0].startsWith('-----BEGIN CERTIFICATE')) {
    throw new Error('the Cloud Gate CA is not a PEM certificate');
  }
  return lines;
}

function safePath(path: string, what: string): string {
  if (!/^[A-Za-z0-9._\-/:\\ ]+$/.test(path)) throw new Error(`${what} has characters not allowed in install instructions`);
  return path;
}

function splitImage(image: string): { repository: string; tag: string } {
  const at = image.lastIndexOf(':');
  return at > image.lastIndexOf('/') ? { repository: image.slice(0, at), tag: image.slice(at + 1) } : { repository: image, tag: 'latest' };
}

/** The `/sync` URL Gravitee's bridge client is given (it appends `/_bridge`). */
export function syncUrl(gateUrl: string): string {
  return `${safe(gateUrl.replace(/\/+$/, ''), 'Cloud Gate URL')}/sync`;
}

/** The bridge settings as Gravitee reads them from its environment (`management.http.url` is `gravitee_management_http_url`). */
export function bridgeEnv(v: InstallValues, caPath: string): Array<[string, string]> {
  if (!v.bridge) return [];
  return [
    ['gravitee_management_type', 'http'],
    ['gravitee_management_http_url', syncUrl(v.bridge.gateUrl)],
    ['gravitee_management_http_authentication_basic_username', BASIC_USER],
    ['gravitee_management_http_authentication_basic_password', safe(v.cloudToken, 'cloud token')],
    ...(v.bridge.ca
      ? ([
          ['gravitee_management_http_ssl_trustall', 'false'],
          ['gravitee_management_http_ssl_truststore_type', 'pem'],
          ['gravitee_management_http_ssl_truststore_path', caPath],
        ] as Array<[string, string]>)
      : []),
  ];
}

/** A gate on this machine's loopback is only reachable from a container sharing the host's network. */
function loopback(gateUrl: string): boolean {
  const host = new URL(gateUrl).hostname;
  return host === 'localhost' || host === '[::1]' || host.startsWith('127.');
}

export function dockerSnippet(v: InstallValues): string {
  const image = safe(v.image, 'image');
  const lines: string[] = [];
  const ca = v.bridge?.ca;
  const hostCa = ca ? `$HOME/.gravitee-hybrid/${safe(ca.name, 'CA name')}-ca.pem` : undefined;
  if (ca) {
    lines.push(`mkdir -p "$HOME/.gravitee-hybrid" && cat > "${hostCa}" <<'EOF'`, ...safePem(ca.pem), 'EOF');
  }
  lines.push('docker run -d \\', '  --name gio-apim-hybrid-gateway \\');
  lines.push(v.bridge && loopback(v.bridge.gateUrl) ? '  --network host \\' : '  -p 8082:8082 \\');
  lines.push(
    '  -e gravitee_ratelimit_type=none \\',
    `  -e gravitee_cloud_token=${safe(v.cloudToken, 'cloud token')} \\`,
    `  -e gravitee_license_key=${safe(v.licenseKey, 'license key')} \\`,
  );
  for (const [name, value] of bridgeEnv(v, CONTAINER_CA_PATH)) lines.push(`  -e ${name}=${value} \\`);
  if (hostCa) lines.push(`  -v "${hostCa}:${CONTAINER_CA_PATH}:ro" \\`);
  lines.push(`  ${image}`, '');
  return lines.join('\n');
}

/**
 * Helm values for the CA: an init container writes the PEM into a volume the gateway mounts, so the
 * values file alone carries it (no ConfigMap to create beforehand). `i` is one indentation step.
 */
function kubernetesCa(v: InstallValues, i: string): string {
  const ca = v.bridge?.ca;
  if (!ca) return '';
  const pem = safePem(ca.pem).map((l) => `${i.repeat(2)}        ${l}`).join('\n');
  return `${i}extraVolumes: |
${i.repeat(2)}- name: cloud-gate-ca
${i.repeat(2)}  emptyDir: {}
${i}extraVolumeMounts: |
${i.repeat(2)}- name: cloud-gate-ca
${i.repeat(2)}  mountPath: ${CONTAINER_CA_DIR}
${i.repeat(2)}  readOnly: true
${i}extraInitContainers: |
${i.repeat(2)}- name: cloud-gate-ca
${i.repeat(2)}  image: busybox:1.36
${i.repeat(2)}  command: ["sh", "-c", "printf '%s\\\\n' \\"$CLOUD_GATE_CA\\" > ${CONTAINER_CA_PATH}"]
${i.repeat(2)}  env:
${i.repeat(2)}    - name: CLOUD_GATE_CA
${i.repeat(2)}      value: |
${pem}
${i.repeat(2)}  volumeMounts:
${i.repeat(2)}    - name: cloud-gate-ca
${i.repeat(2)}      mountPath: ${CONTAINER_CA_DIR}
`;
}

function kubernetesEnv(v: InstallValues, i: string): string {
  return [['gravitee_cloud_token', safe(v.cloudToken, 'cloud token')] as [string, string], ...bridgeEnv(v, CONTAINER_CA_PATH)]
    .map(([name, value]) => `${i.repeat(2)}- name: ${name}\n${i.repeat(2)}  value: "${value}"`)
    .join('\n');
}

export function helmValues(v: InstallValues): string {
  const { repository, tag } = splitImage(safe(v.image, 'image'));
  return `gateway:
    replicaCount: 1
    image:
        repository: ${repository}
        tag: ${tag}
        pullPolicy: IfNotPresent
    autoscaling:
        enabled: false
    podAnnotations:
        prometheus.io/path: /_node/metrics/prometheus
        prometheus.io/port: "18082"
        prometheus.io/scrape: "true"
    env:
${kubernetesEnv(v, '    ')}
${kubernetesCa(v, '    ')}    services:
        metrics:
            enabled: true
            prometheus:
                enabled: true
        core:
            http:
                enabled: true
        sync:
            kubernetes:
                enabled: false
        bridge:
            enabled: false
    service:
        type: LoadBalancer
        externalPort: 8082
        loadBalancerIP: 127.0.0.1
    ingress:
        enabled: false
    resources:
        limits:
            cpu: 500m
            memory: 1024Mi
        requests:
            cpu: 200m
            memory: 512Mi
    deployment:
        revisionHistoryLimit: 1
        strategy:
            type: RollingUpdate
            rollingUpdate:
                maxUnavailable: 0
    reporters:
        file:
            enabled: false
    terminationGracePeriod: 50
    gracefulShutdown:
        delay: 20
        unit: SECONDS

api:
    enabled: false

ratelimit:
    type: none

portal:
    enabled: false

ui:
    enabled: false

alerts:
    enabled: false

es:
    enabled: false

license:
    key: "${safe(v.licenseKey, 'license key')}"
`;
}

export function openshiftValues(v: InstallValues): string {
  const { repository, tag } = splitImage(safe(v.image, 'image'));
  const hosts = (v.accessPoints.length > 0 ? v.accessPoints : ['gateway.example.com']).map((h) => `      - ${safe(h, 'access point')}`).join('\n');
  return `gateway:
  replicaCount: 1
  image:
    repository: ${repository}
    tag: ${tag}
    pullPolicy: IfNotPresent
  autoscaling:
    enabled: false
  podAnnotations:
    prometheus.io/path: /_node/metrics/prometheus
    prometheus.io/port: "18082"
    prometheus.io/scrape: "true"
  env:
${kubernetesEnv(v, '  ')}
${kubernetesCa(v, '  ')}  services:
    metrics:
      enabled: true
      prometheus:
        enabled: true
    core:
      http:
          enabled: true
    sync:
      kubernetes:
        enabled: false
    bridge:
      enabled: false
  resources:
    limits:
      cpu: 500m
      memory: 1024Mi
    requests:
      cpu: 200m
      memory: 1024Mi
  ingress:
    ingressClassName: none
    path: /
    hosts:
${hosts}
    annotations:
      route.openshift.io/termination: edge
  securityContext: null
  deployment:
    securityContext:
      runAsUser: null
      runAsGroup: null
      runAsNonRoot: true
      allowPrivilegeEscalation: false
      capabilities:
        drop: ["ALL"]
      seccompProfile:
        type: RuntimeDefault
  reporters:
    file:
      enabled: false
  terminationGracePeriod: 50
  gracefulShutdown:
    delay: 20
    unit: SECONDS

api:
    enabled: false

ratelimit:
    type: none

portal:
    enabled: false

ui:
    enabled: false

alerts:
    enabled: false

es:
    enabled: false

license:
    key: "${safe(v.licenseKey, 'license key')}"
`;
}

const PROXY_COMMENT = (i: string) => `${i}# OPTIONAL PROXY CONFIG
${i}# proxy:
${i}#   useSystemProxy: false
${i}#   enabled: true
${i}#   type: HTTP
${i}#   host: proxy.example.com
${i}#   port: 8080
${i}#   username: proxy-username
${i}#   password: proxy-password
`;

function linuxManagement(v: InstallValues): string {
  if (!v.bridge) {
    return `management:
  # HTTP TYPE FOR THE GRAVITEE CLOUD GATE
  type: http
  # OPTIONAL PROXY CONFIG
  # http:
  #   proxy:
  #     useSystemProxy: false
  #     enabled: true
  #     type: HTTP
  #     host: proxy.example.com
  #     port: 8080
  #     username: proxy-username
  #     password: proxy-password
`;
  }
  const ca = v.bridge.ca;
  return `management:
  # HTTP TYPE FOR THE GRAVITEE CLOUD GATE
  type: http
  http:
    # THE CLOUD GATE OF THIS CONTROL PLANE
    url: ${syncUrl(v.bridge.gateUrl)}
    # GRAVITEE'S BRIDGE CLIENT SENDS THE CLOUD TOKEN AS BASIC CREDENTIALS
    authentication:
      basic:
        username: ${BASIC_USER}
        password: ${safe(v.cloudToken, 'cloud token')}
${
  ca
    ? `    # THE CONTROL PLANE'S CA (ITS PEM IS AT THE END OF THIS FILE)
    ssl:
      trustall: false
      truststore:
        type: pem
        path: ${safePath(ca.path, 'CA path')}
`
    : ''
}${PROXY_COMMENT('    ')}`;
}

export function graviteeYml(v: InstallValues): string {
  const ca = v.bridge?.ca;
  const caComment = ca
    ? `
# THE CLOUD GATE'S CA: ON ANOTHER HOST, SAVE IT AT management.http.ssl.truststore.path
${safePem(ca.pem).map((l) => `# ${l}`).join('\n')}
`
    : '';
  return `${linuxManagement(v)}
# CLOUD TOKEN TO SECURE CONNECTION TO THE CLOUD GATE
cloud:
  token: ${safe(v.cloudToken, 'cloud token')}

# REDIS TO STORE AND SHARE BETWEEN GATEWAYS INSTANCES (HA)
# THE RATE LIMIT / QUOTA COUNTERS AND CACHE DATA
ratelimit:
  type: none
  # type: redis
  # redis:
  #   host: localhost
  #   port: 6379
  #   password:

# LICENCE KEY B64 ENCODED
license:
  key: ${safe(v.licenseKey, 'license key')}
${caComment}`;
}

export function installSnippets(v: InstallValues): InstallSnippets {
  return { docker: dockerSnippet(v), helm: helmValues(v), openshift: openshiftValues(v), linux: graviteeYml(v) };
}
