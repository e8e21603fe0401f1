/**
 * Install instructions as the seed's hybrid gateway guide writes them, with the real Cloud Token,
 * license key and gateway version filled in. Values are quoted for YAML and shell.
 */
export interface InstallValues {
  cloudToken: string;
  licenseKey: string;
  version: string;
  accessPoints: string[];
}

export interface InstallSnippets {
  docker: string;
  helm: string;
  openshift: string;
  linux: string;
}

/** Token and license are base64/base64url: no quote or shell metacharacter can appear, but check anyway. */
function safe(value: string, what: string): string {
  if (!/^[A-Za-z0-9._\-+/=:]+$/.test(value)) throw new Error(`${what} has characters not allowed in install instructions`);
  return value;
}

export function dockerSnippet(v: InstallValues): string {
  return [
    'docker run -d \\',
    '  --name gio-apim-hybrid-gateway \\',
    '  -p 8082:8082 \\',
    '  -e gravitee_ratelimit_type=none \\',
    `  -e gravitee_cloud_token=${safe(v.cloudToken, 'cloud token')} \\`,
    `  -e gravitee_license_key=${safe(v.licenseKey, 'license key')} \\`,
    `  graviteeio/apim-gateway:${safe(v.version, 'version')}`,
    '',
  ].join('\n');
}

export function helmValues(v: InstallValues): string {
  return `gateway:
    replicaCount: 1
    image:
        repository: graviteeio/apim-gateway
        tag: ${safe(v.version, 'version')}
        pullPolicy: IfNotPresent
    autoscaling:
        enabled: false
    podAnnotations:
        prometheus.io/path: /_node/metrics/prometheus
        prometheus.io/port: "18082"
        prometheus.io/scrape: "true"
    env:
        - name: gravitee_cloud_token
          value: "${safe(v.cloudToken, 'cloud token')}"
    services:
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
  const hosts = (v.accessPoints.length > 0 ? v.accessPoints : ['gateway.example.com']).map((h) => `      - ${safe(h, 'access point')}`).join('\n');
  return `gateway:
  replicaCount: 1
  image:
    repository: graviteeio/apim-gateway
    tag: ${safe(v.version, 'version')}
    pullPolicy: IfNotPresent
  autoscaling:
    enabled: false
  podAnnotations:
    prometheus.io/path: /_node/metrics/prometheus
    prometheus.io/port: "18082"
    prometheus.io/scrape: "true"
  env:
    - name: gravitee_cloud_token
      value: "${safe(v.cloudToken, 'cloud token')}"
  services:
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

export function graviteeYml(v: InstallValues): string {
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
`;
}

export function installSnippets(v: InstallValues): InstallSnippets {
  return { docker: dockerSnippet(v), helm: helmValues(v), openshift: openshiftValues(v), linux: graviteeYml(v) };
}
