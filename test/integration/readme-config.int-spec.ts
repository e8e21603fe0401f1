import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { CloudGateConfig, ControlPlaneConfig, GatewayConfig, IngestWorkerConfig } from '@app/config';

const APPS: Record<string, abstract new () => object> = {
  'control plane': ControlPlaneConfig,
  'cloud gate': CloudGateConfig,
  'ingest worker': IngestWorkerConfig,
  gateway: GatewayConfig,
};

/** Every setting a config class validates, including inherited ones. */
function settingsOf(cls: abstract new () => object): string[] {
  const names = getMetadataStorage()
    .getTargetValidationMetadatas(cls as new () => object, '', true, false)
    .map((m) => m.propertyName);
  return [...new Set(names)].sort();
}

/** The variables README.md's configuration table gives each app: `| \`A\`, \`B\` | control plane, gateway | ... |`. */
function readmeTable(): Record<string, string[]> {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Configuration\n'));
  const rows = section.slice(0, section.indexOf('\n## ', 1)).split('\n').filter((l) => /^\| `/.test(l));
  const table: Record<string, Set<string>> = Object.fromEntries(Object.keys(APPS).map((app) => [app, new Set<string>()]));
  for (const row of rows) {
    const [variables, services] = row.split('|').slice(1, 3).map((c) => c.trim());
    const names = [...variables.matchAll(/`([A-Za-z_][A-Za-z0-9_]*)`/g)].map((m) => (m[1].startsWith('gravitee_') ? m[1].toUpperCase() : m[1]));
    const apps = services === 'all' ? Object.keys(APPS) : services.split(',').map((s) => s.trim());
    for (const app of apps) {
      if (!table[app]) throw new Error(`README configuration table names an unknown service "${app}" in: ${row}`);
      for (const name of names) table[app].add(name);
    }
  }
  return Object.fromEntries(Object.entries(table).map(([app, names]) => [app, [...names].sort()]));
}

describe("README's configuration table", () => {
  const table = readmeTable();

  it.each(Object.keys(APPS))('lists every variable the %s reads, and only those', (app) => {
    expect(table[app]).toEqual(settingsOf(APPS[app]));
  });
});
