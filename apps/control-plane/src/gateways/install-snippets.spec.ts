import { installSnippets } from './install-snippets';

describe('install snippets', () => {
  const values = { cloudToken: 'aaa.bbb.ccc', licenseKey: 'TElD+RU5/TRQ==', version: '4.6.7', accessPoints: ['apis.acme.example'] };
  const s = installSnippets(values);

  it('fills the docker command with the token, license and image version', () => {
    expect(s.docker).toContain('-e gravitee_cloud_token=aaa.bbb.ccc \\');
    expect(s.docker).toContain('-e gravitee_license_key=TElD+RU5/TRQ== \\');
    expect(s.docker).toContain('graviteeio/apim-gateway:4.6.7');
    expect(s.docker).not.toMatch(/<cloud_token>|<license_key>|CONTROL_PLANE_VERSION/);
  });

  it('fills the Helm and OpenShift values.yaml', () => {
    for (const yaml of [s.helm, s.openshift]) {
      expect(yaml).toMatch(/tag: 4\.6\.7/);
      expect(yaml).toMatch(/- name: gravitee_cloud_token\n\s+value: "aaa\.bbb\.ccc"/);
      expect(yaml).toMatch(/license:\n\s+key: "TElD\+RU5\/TRQ=="/);
    }
    expect(s.openshift).toContain('      - apis.acme.example');
  });

  it('fills gravitee.yml for Linux/Windows', () => {
    expect(s.linux).toMatch(/cloud:\n {2}token: aaa\.bbb\.ccc/);
    expect(s.linux).toMatch(/license:\n {2}key: TElD\+RU5\/TRQ==/);
  });

  it('accepts access points with a port, as gateway creation does', () => {
    expect(installSnippets({ ...values, accessPoints: ['localhost:8082'] }).openshift).toContain('      - localhost:8082');
  });

  it('refuses values that could break out of the snippet', () => {
    expect(() => installSnippets({ ...values, cloudToken: 'x"; rm -rf /' })).toThrow(/cloud token/);
  });
});
