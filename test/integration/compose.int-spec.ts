import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { getMetadataStorage } from 'class-validator';
import { CloudGateConfig, ControlPlaneConfig, GatewayConfig, IngestWorkerConfig } from '@app/config';

type ComposeService = { command?: string[]; environment?: Record<string, unknown>; depends_on?: Record<string, { condition: string }>; healthcheck?: unknown };

const compose = load(readFileSync(join(__dirname, '..', '..', 'docker-compose.yml'), 'utf8')) as { services: Record<string, ComposeService> };

/** Every setting a config class validates, including inherited ones. */
function settingsOf(cls: abstract new () => object): Set<string> {
  const storage = getMetadataStorage();
  const names = storage.getTargetValidationMetadatas(cls as new () => object, '', true, false).map((m) => m.propertyName);
  return new Set(names);
}

const APPS: Record<string, abstract new () => object> = {
  'control-plane': ControlPlaneConfig,
  'cloud-gate': CloudGateConfig,
  'ingest-worker': IngestWorkerConfig,
  gateway: GatewayConfig,
};

describe('docker-compose.yml matches the code', () => {
  const appServices = Object.entries(compose.services).filter(([, s]) => s.command?.[1]?.startsWith('dist/apps/'));

  it('runs every app, and the cloud gate once per region', () => {
    const entries = appServices.map(([name, s]) => [name, s.command?.[1]]);
    expect(entries).toEqual(
      expect.arrayContaining([
        ['control-plane', 'dist/apps/control-plane/src/main.js'],
        ['cloud-gate-eu', 'dist/apps/cloud-gate/src/main.js'],
        ['cloud-gate-us', 'dist/apps/cloud-gate/src/main.js'],
        ['ingest-worker', 'dist/apps/ingest-worker/src/main.js'],
        ['gateway', 'dist/apps/gateway/src/main.js'],
      ]),
    );
    expect(compose.services['cloud-gate-eu'].environment?.REGION).toBe('eu');
    expect(compose.services['cloud-gate-us'].environment?.REGION).toBe('us');
  });

  it.each(Object.keys(APPS))('sets only variables that %s reads', (app) => {
    const known = settingsOf(APPS[app]);
    for (const [, service] of appServices.filter(([, s]) => s.command?.[1] === `dist/apps/${app}/src/main.js`)) {
      const names = Object.keys(service.environment ?? {}).map((n) => (n.startsWith('gravitee_') ? n.toUpperCase() : n));
      expect(names.filter((n) => !known.has(n))).toEqual([]);
    }
  });

  it('gives every server and app a healthcheck and waits on healthy dependencies', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      if (name === 'pki') continue;
      expect({ name, healthcheck: Boolean(service.healthcheck) }).toEqual({ name, healthcheck: true });
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect([dependency, condition]).toEqual([dependency, dependency === 'pki' ? 'service_completed_successfully' : 'service_healthy']);
      }
    }
  });
});
