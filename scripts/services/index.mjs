// Dev services for `npm start` and `npm test`: provisioned, started only when not already running,
// waited on by readiness; `stopServices` stops only what `ensureServices` started.
import { elasticsearch } from './elasticsearch.mjs';
import { kafka } from './kafka.mjs';
import { postgres } from './postgres.mjs';
import { ensurePki } from './pki.mjs';
import { say } from './common.mjs';

export const SERVICES = { postgres, kafka, elasticsearch };

export async function ensureServices(names = Object.keys(SERVICES)) {
  const started = [];
  const env = {};
  const timings = {};
  await Promise.all(
    names.map(async (name) => {
      const service = SERVICES[name];
      const t0 = Date.now();
      if (await service.isUp()) {
        say(name, 'already running');
      } else {
        await service.provision();
        await service.start();
        started.push(name);
        say(name, `started in ${((Date.now() - t0) / 1000).toFixed(1)} s${service.logFile ? ` (log: ${service.logFile()})` : ''}`);
      }
      timings[name] = Date.now() - t0;
      Object.assign(env, service.env());
    }),
  );
  if (names.includes('postgres')) await postgres.ensureDatabase();
  const pki = ensurePki();
  Object.assign(env, { TLS_CERT_FILE: pki.gateCert, TLS_KEY_FILE: pki.gateKey, GRAVITEE_CLOUD_GATE_CA_FILE: pki.caCert });
  return { env, started, timings };
}

export async function stopServices(names) {
  // Reverse start order: consumers of Kafka and Elasticsearch are gone by now.
  for (const name of [...names].reverse()) {
    if (await SERVICES[name].stop()) say(name, 'stopped');
  }
}
