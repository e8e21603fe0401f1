import { cpus, freemem, loadavg, networkInterfaces, totalmem } from 'node:os';
import type { NodeMonitoringRecord } from '../cloud-gate/cloud-gate.client';
import type { GatewayContext } from '../startup/gateway-context';

/** This node's first non-internal IPv4 address (what Gravitee's node reports), else loopback. */
export function nodeIp(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}

/** The node as a heartbeat's payload describes it (Gravitee's `InstanceEventPayload`). */
export function instancePayload(context: GatewayContext, port: number) {
  return {
    id: context.nodeId,
    version: context.version,
    hostname: context.hostname,
    ip: nodeIp(),
    port: String(port),
    tags: [] as string[],
    tenant: null,
    plugins: [] as unknown[],
    environments: context.claims.envs,
    organizations: [context.claims.org],
  };
}

function record(context: GatewayContext, type: NodeMonitoringRecord['type'], payload: unknown, now: number): NodeMonitoringRecord {
  return { id: null, nodeId: context.nodeId, type, payload: JSON.stringify(payload), createdAt: null, evaluatedAt: now, updatedAt: now };
}

/** `NODE_INFOS`, in the fields Gravitee's node writes (its runtime in place of the JVM). */
export function nodeInfos(context: GatewayContext, port: number, status: 'STARTED' | 'STOPPED', now = Date.now()): NodeMonitoringRecord {
  return record(
    context,
    'NODE_INFOS',
    {
      id: context.nodeId,
      name: 'Hybrid reference gateway',
      application: 'gio-apim-gateway',
      evaluatedAt: now,
      status,
      version: context.version,
      jdkVersion: `Node.js ${process.version}`,
      tags: [],
      hostname: context.hostname,
      ip: nodeIp(),
      port,
      pluginInfos: [],
    },
    now,
  );
}

/** `HEALTH_CHECK`: the probes a Gravitee gateway reports, answered by this one. */
export function healthCheck(context: GatewayContext, probes: Record<string, { healthy: boolean; message?: string }>, now = Date.now()): NodeMonitoringRecord {
  return record(context, 'HEALTH_CHECK', { evaluatedAt: now, results: probes, healthy: Object.values(probes).every((p) => p.healthy) }, now);
}

/** `MONITOR`: Gravitee's `jvm`/`os`/`process` sections, filled from this Node.js process. */
export function monitor(context: GatewayContext, now = Date.now()): NodeMonitoringRecord {
  const memory = process.memoryUsage();
  const total = totalmem();
  const free = freemem();
  const cpu = process.cpuUsage();
  const uptimeMs = Math.round(process.uptime() * 1000);
  const cpuPercent = uptimeMs > 0 ? Math.min(100, Math.round(((cpu.user + cpu.system) / 1000 / uptimeMs / Math.max(1, cpus().length)) * 100)) : 0;
  return record(
    context,
    'MONITOR',
    {
      nodeId: context.nodeId,
      timestamp: now,
      jvm: {
        timestamp: now,
        uptime: uptimeMs,
        mem: { heapUsed: memory.heapUsed, heapCommitted: memory.heapTotal, heapMax: memory.heapTotal, heapUsedPercent: Math.round((memory.heapUsed / memory.heapTotal) * 100) },
      },
      os: { timestamp: now, cpu: { loadAverage: loadavg() }, mem: { total, free, used: total - free, usedPercent: Math.round(((total - free) / total) * 100) } },
      process: { timestamp: now, cpu: { percent: cpuPercent, total: Math.round((cpu.user + cpu.system) / 1000) }, mem: { totalVirtual: memory.rss } },
    },
    now,
  );
}
