import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { instanceMonitoring } from './instance-monitoring';
import type { NodeMonitoringEntity } from './node-monitoring.entity';

const FIXTURES = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'gravitee-4.1');
const record = (type: string, payload: string, evaluatedAt = 1000): NodeMonitoringEntity => ({
  id: `id-${type}`,
  gatewayId: 'g',
  nodeId: 'n',
  type,
  payload,
  createdAt: new Date(evaluatedAt),
  evaluatedAt: new Date(evaluatedAt),
  updatedAt: new Date(evaluatedAt),
});

describe('instanceMonitoring', () => {
  it('reads what Gravitee 4.1 writes: JVM and plugins from NODE_INFOS, probes from HEALTH_CHECK, figures from MONITOR', () => {
    const monitorLine = readFileSync(join(FIXTURES, 'node-monitor.ndjson'), 'utf8').split('\n')[0];
    const infos = JSON.stringify({
      id: 'n',
      version: '4.1.0 (build: x)',
      jdkVersion: 'OpenJDK 64-Bit Server VM 17.0.15',
      hostname: 'vm',
      ip: '127.0.0.1',
      port: 18380,
      pluginInfos: [{ id: 'key-less', name: 'Keyless', version: '3.0.1', type: 'policy' }, { name: 'no id' }],
    });
    const health = JSON.stringify({ evaluatedAt: 2000, results: { 'management-repository': { healthy: true }, 'ratelimit-repository': { healthy: false, message: 'null' } }, healthy: false });
    const view = instanceMonitoring([record('NODE_INFOS', infos), record('HEALTH_CHECK', health, 2000), record('MONITOR', monitorLine, 3000)]);
    expect(view).toMatchObject({
      jvm: 'OpenJDK 64-Bit Server VM 17.0.15',
      hostname: 'vm',
      ip: '127.0.0.1',
      port: '18380',
      version: '4.1.0 (build: x)',
      plugins: [{ id: 'key-less', name: 'Keyless', version: '3.0.1', type: 'policy' }],
      health: { healthy: false, evaluatedAt: new Date(2000).toISOString(), probes: { 'management-repository': { healthy: true }, 'ratelimit-repository': { healthy: false, message: 'null' } } },
      monitor: { evaluatedAt: new Date(3000).toISOString(), heapUsedPercent: 10, cpuPercent: 45, threads: 56 },
    });
  });

  it('shows nothing it was not told, and survives records that are not JSON', () => {
    expect(instanceMonitoring([])).toEqual({ jvm: null, plugins: null, hostname: null, ip: null, port: null, version: null, health: null, monitor: null });
    expect(instanceMonitoring([record('NODE_INFOS', 'not json'), record('HEALTH_CHECK', '[]')])).toMatchObject({ jvm: null, health: { healthy: false, probes: {} } });
  });
});
