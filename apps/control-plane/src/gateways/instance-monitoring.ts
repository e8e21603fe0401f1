import type { NodeMonitoringEntity } from './node-monitoring.entity';

/** What the instance view shows of a node's latest monitoring records (NODE_INFOS, HEALTH_CHECK, MONITOR). */
export interface InstanceMonitoring {
  /** The node's JVM (`NODE_INFOS.jdkVersion`). */
  jvm: string | null;
  /** Plugins `NODE_INFOS` lists, when the heartbeat did not. */
  plugins: Array<{ id: string; name: string | null; version: string | null; type: string | null }> | null;
  hostname: string | null;
  ip: string | null;
  port: string | null;
  version: string | null;
  health: { healthy: boolean; evaluatedAt: string | null; probes: Record<string, { healthy: boolean; message?: string }> } | null;
  monitor: {
    evaluatedAt: string | null;
    heapUsedPercent: number | null;
    cpuPercent: number | null;
    threads: number | null;
    uptimeMs: number | null;
    openFileDescriptors: number | null;
  } | null;
}

type Json = Record<string, unknown>;

function parse(payload: string): Json {
  try {
    const value: unknown = JSON.parse(payload);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
  } catch {
    return {};
  }
}

const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown, max = 256): string | null => (typeof v === 'string' && v !== '' ? v.slice(0, max) : typeof v === 'number' ? String(v) : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

/** Reads the records Gravitee's node writes (gravitee-node `NodeInfos`, `HealthCheck`, `Monitor`), leniently. */
export function instanceMonitoring(records: NodeMonitoringEntity[]): InstanceMonitoring {
  const byType = new Map(records.map((r) => [r.type, r]));
  const infosRecord = byType.get('NODE_INFOS');
  const infos = infosRecord ? parse(infosRecord.payload) : {};
  const healthRecord = byType.get('HEALTH_CHECK');
  const monitorRecord = byType.get('MONITOR');

  let health: InstanceMonitoring['health'] = null;
  if (healthRecord) {
    const h = parse(healthRecord.payload);
    const probes: Record<string, { healthy: boolean; message?: string }> = {};
    for (const [name, result] of Object.entries(obj(h.results)).slice(0, 50)) {
      const r = obj(result);
      probes[name.slice(0, 128)] = { healthy: r.healthy === true, ...(typeof r.message === 'string' ? { message: r.message.slice(0, 512) } : {}) };
    }
    health = { healthy: h.healthy === true, evaluatedAt: iso(healthRecord.evaluatedAt), probes };
  }

  let monitor: InstanceMonitoring['monitor'] = null;
  if (monitorRecord) {
    const m = parse(monitorRecord.payload);
    const jvm = obj(m.jvm);
    const processInfo = obj(m.process);
    monitor = {
      evaluatedAt: iso(monitorRecord.evaluatedAt),
      heapUsedPercent: num(obj(jvm.mem).heapUsedPercent),
      cpuPercent: num(obj(processInfo.cpu).percent),
      threads: num(obj(jvm.threads).count),
      uptimeMs: num(jvm.uptime),
      openFileDescriptors: num(processInfo.openFileDescriptors),
    };
  }

  const pluginInfos = Array.isArray(infos.pluginInfos) ? infos.pluginInfos : null;
  return {
    jvm: str(infos.jdkVersion),
    plugins: pluginInfos
      ? pluginInfos
          .map(obj)
          .filter((p) => str(p.id) !== null)
          .slice(0, 500)
          .map((p) => ({ id: str(p.id)!, name: str(p.name), version: str(p.version, 64), type: str(p.type, 64) }))
      : null,
    hostname: str(infos.hostname),
    ip: str(infos.ip, 64),
    port: str(infos.port, 16),
    version: str(infos.version),
    health,
    monitor,
  };
}
