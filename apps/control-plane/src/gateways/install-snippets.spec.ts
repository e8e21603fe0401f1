import { load } from 'js-yaml';
import { installSnippets } from './install-snippets';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2E=\nAbCd+/==\n-----END CERTIFICATE-----\n';

type HelmValues = {
  gateway: {
    image: { repository: string; tag: string };
    env: Array<{ name: string; value: string }>;
    extraVolumes?: string;
    extraVolumeMounts?: string;
    extraInitContainers?: string;
  };
  license: { key: string };
};

const envOf = (values: HelmValues) => Object.fromEntries(values.gateway.env.map((e) => [e.name, e.value]));

describe('install snippets', () => {
  const values = { cloudToken: 'aaa.bbb.ccc', licenseKey: 'TElD+RU5/TRQ==', image: 'graviteeio/apim-gateway:4.6.7', accessPoints: ['apis.acme.example'] };

  describe('for Gravitee Cloud (gates at the production template): the seed as it is', () => {
    const s = installSnippets(values);

    it('fills the docker command with the token, license and image version', () => {
      expect(s.docker).toContain('-e gravitee_cloud_token=aaa.bbb.ccc \\');
      expect(s.docker).toContain('-e gravitee_license_key=TElD+RU5/TRQ== \\');
      expect(s.docker).toContain('graviteeio/apim-gateway:4.6.7');
      expect(s.docker).toContain('-p 8082:8082');
      expect(s.docker).not.toMatch(/<cloud_token>|<license_key>|CONTROL_PLANE_VERSION|management/);
    });

    it('fills the Helm and OpenShift values.yaml', () => {
      for (const yaml of [s.helm, s.openshift]) {
        const parsed = load(yaml) as HelmValues;
        expect(parsed.gateway.image).toMatchObject({ repository: 'graviteeio/apim-gateway', tag: '4.6.7' });
        expect(parsed.gateway.env).toEqual([{ name: 'gravitee_cloud_token', value: 'aaa.bbb.ccc' }]);
        expect(parsed.gateway.extraInitContainers).toBeUndefined();
        expect(parsed.license.key).toBe('TElD+RU5/TRQ==');
      }
      expect(s.openshift).toContain('      - apis.acme.example');
    });

    it('fills gravitee.yml for Linux/Windows', () => {
      expect(load(s.linux)).toEqual({ management: { type: 'http' }, cloud: { token: 'aaa.bbb.ccc' }, ratelimit: { type: 'none' }, license: { key: 'TElD+RU5/TRQ==' } });
    });
  });

  describe('for a self-hosted control plane: the bridge settings with the gate URL and the CA', () => {
    const bridge = { gateUrl: 'https://gate.acme.example:8091', ca: { pem: PEM, path: '/etc/hybrid-cp/ca.crt', name: 'cp-acme' } };
    const s = installSnippets({ ...values, bridge });
    const expectedEnv = {
      gravitee_management_type: 'http',
      gravitee_management_http_url: 'https://gate.acme.example:8091/sync',
      gravitee_management_http_authentication_basic_username: 'cloud-token',
      gravitee_management_http_authentication_basic_password: 'aaa.bbb.ccc',
      gravitee_management_http_ssl_trustall: 'false',
      gravitee_management_http_ssl_truststore_type: 'pem',
      gravitee_management_http_ssl_truststore_path: '/opt/graviteeio-gateway/cloud-gate-ca/ca.pem',
    };

    it('docker: writes the CA to a file, mounts it and sets the bridge variables', () => {
      const [heredoc, run] = s.docker.split(/^EOF$/m);
      expect(heredoc).toBe(`mkdir -p "$HOME/.gravitee-hybrid" && cat > "$HOME/.gravitee-hybrid/cp-acme-ca.pem" <<'EOF'\n${PEM}`);
      for (const [name, value] of Object.entries(expectedEnv)) expect(run).toContain(`  -e ${name}=${value} \\\n`);
      expect(run).toContain('  -v "$HOME/.gravitee-hybrid/cp-acme-ca.pem:/opt/graviteeio-gateway/cloud-gate-ca/ca.pem:ro" \\\n');
      expect(run).toContain('  -p 8082:8082 \\');
      expect(run.trimEnd().endsWith('  graviteeio/apim-gateway:4.6.7')).toBe(true);
    });

    it('docker: shares the host network when the gate is on this machine', () => {
      const local = installSnippets({ ...values, bridge: { ...bridge, gateUrl: 'https://127.0.0.1:8091' } }).docker;
      expect(local).toContain('  --network host \\');
      expect(local).not.toContain('-p 8082:8082');
    });

    it('Helm and OpenShift: the bridge variables, and the CA written by an init container into a mounted volume', () => {
      for (const yaml of [s.helm, s.openshift]) {
        const parsed = load(yaml) as HelmValues;
        expect(envOf(parsed)).toEqual({ gravitee_cloud_token: 'aaa.bbb.ccc', ...expectedEnv });
        // The chart renders these strings as templates into the pod spec.
        const [init] = load(parsed.gateway.extraInitContainers!) as Array<{ command: string[]; env: Array<{ value: string }>; volumeMounts: Array<{ name: string; mountPath: string }> }>;
        expect(init.env[0].value).toBe(PEM);
        expect(init.command).toEqual(['sh', '-c', `printf '%s\\n' "$CLOUD_GATE_CA" > /opt/graviteeio-gateway/cloud-gate-ca/ca.pem`]);
        expect(load(parsed.gateway.extraVolumes!)).toEqual([{ name: 'cloud-gate-ca', emptyDir: {} }]);
        expect(load(parsed.gateway.extraVolumeMounts!)).toEqual([{ name: 'cloud-gate-ca', mountPath: '/opt/graviteeio-gateway/cloud-gate-ca', readOnly: true }]);
      }
    });

    it('Linux: management.http with the URL, the token as Basic password and the CA path; the PEM in a comment', () => {
      const parsed = load(s.linux) as Record<string, unknown>;
      expect(parsed.management).toEqual({
        type: 'http',
        http: {
          url: 'https://gate.acme.example:8091/sync',
          authentication: { basic: { username: 'cloud-token', password: 'aaa.bbb.ccc' } },
          ssl: { trustall: false, truststore: { type: 'pem', path: '/etc/hybrid-cp/ca.crt' } },
        },
      });
      expect(s.linux).toContain(PEM.trim().split('\n').map((l) => `# ${l}`).join('\n'));
    });

    it('leaves the truststore out when the gates have a publicly trusted certificate', () => {
      const open = installSnippets({ ...values, bridge: { gateUrl: bridge.gateUrl } });
      expect(open.docker).not.toMatch(/truststore|EOF|-v /);
      expect(open.docker).toContain('-e gravitee_management_http_url=https://gate.acme.example:8091/sync \\');
      expect((load(open.linux) as { management: { http: Record<string, unknown> } }).management.http.ssl).toBeUndefined();
    });

    it("runs the project's gateway image when it is the one configured", () => {
      const ours = installSnippets({ ...values, image: 'hybrid-cp-gateway:local', bridge });
      expect(ours.docker.trimEnd().endsWith('  hybrid-cp-gateway:local')).toBe(true);
      expect((load(ours.helm) as HelmValues).gateway.image).toMatchObject({ repository: 'hybrid-cp-gateway', tag: 'local' });
    });

    it('refuses a CA that is not a PEM certificate', () => {
      expect(() => installSnippets({ ...values, bridge: { ...bridge, ca: { ...bridge.ca, pem: "'; rm -rf /" } } })).toThrow(/PEM/);
    });
  });

  it('accepts access points with a port, as gateway creation does', () => {
    expect(installSnippets({ ...values, accessPoints: ['localhost:8082'] }).openshift).toContain('      - localhost:8082');
  });

  it('refuses values that could break out of the snippet', () => {
    expect(() => installSnippets({ ...values, cloudToken: 'x"; rm -rf /' })).toThrow(/cloud token/);
  });
});
