#!/usr/bin/env node
// npm run services -- up|down|status [postgres|kafka|elasticsearch ...]
import { SERVICES, ensureServices, stopServices } from './services/index.mjs';
import { describeFailure } from './services/common.mjs';

const [command = 'status', ...rest] = process.argv.slice(2);
const names = rest.length ? rest : Object.keys(SERVICES);
const unknown = names.filter((n) => !SERVICES[n]);
if (unknown.length) {
  process.stderr.write(`unknown service(s): ${unknown.join(', ')}; known: ${Object.keys(SERVICES).join(', ')}\n`);
  process.exit(2);
}

try {
  if (command === 'up') {
    const { env } = await ensureServices(names);
    for (const [k, v] of Object.entries(env)) process.stdout.write(`${k}=${v}\n`);
  } else if (command === 'down') {
    await stopServices(names);
  } else if (command === 'status') {
    for (const name of names) process.stdout.write(`${name}: ${(await SERVICES[name].isUp()) ? 'up' : 'down'}${SERVICES[name].ownedPid() ? ` (pid ${SERVICES[name].ownedPid()}, started by these scripts)` : ''}\n`);
  } else {
    process.stderr.write('usage: npm run services -- up|down|status [service ...]\n');
    process.exit(2);
  }
  process.exit(0);
} catch (err) {
  process.stderr.write(describeFailure(err));
  process.exit(1);
}
