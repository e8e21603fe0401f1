#!/usr/bin/env node
// `npm run bench [name]`: builds, starts the servers that are missing, runs each bench/*.bench.ts
// (compiled) in turn and lets them print their figures; stops what it started.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from './build.mjs';
import { ensureServices, stopServices } from './services/index.mjs';
import { PROJECT_ROOT, describeFailure } from './services/common.mjs';

const only = process.argv[2];
let started = [];
let code = 0;
try {
  build();
  const services = await ensureServices();
  started = services.started;
  const dir = join(PROJECT_ROOT, 'dist', 'bench');
  const benches = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.bench.js') && (!only || f.startsWith(only))) : [];
  if (benches.length === 0) process.stdout.write('bench: nothing to run\n');
  for (const file of benches) {
    process.stdout.write(`\n=== ${file.replace(/\.js$/, '')} ===\n`);
    const r = spawnSync(process.execPath, ['--expose-gc', join(dir, file)], { cwd: PROJECT_ROOT, stdio: 'inherit', env: { ...process.env, ...services.env } });
    if (r.status !== 0) code = r.status ?? 1;
  }
} catch (err) {
  process.stderr.write(describeFailure(err));
  code = 1;
} finally {
  await stopServices(started);
}
process.exit(code);
