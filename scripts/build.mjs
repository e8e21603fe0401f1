#!/usr/bin/env node
// Compiles every app and lib (and, unless --production, the benchmarks) into dist/ in one tsc run,
// then rewrites @app/* path aliases to relative paths.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (cmd, args) => {
  try {
    execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });
  } catch {
    // The compiler already printed what is wrong; a stack trace of this script would only hide it.
    throw Object.assign(new Error(`build failed: ${cmd.split('/').pop()} ${args.join(' ')} (see the errors above)`), { name: 'PrerequisiteError' });
  }
};

export function build({ production = false } = {}) {
  // Benchmarks reuse test helpers, which a production image does not carry.
  const project = production ? 'tsconfig.build.json' : 'tsconfig.bench.json';
  run(bin('tsc'), ['-p', project]);
  run(bin('tsc-alias'), ['-p', project]);
  copyDashboard();
}

/** The dashboard is plain ES modules: copy it, and the vendor modules it imports, next to the compiled control plane. */
function copyDashboard() {
  const web = join(root, 'dist', 'apps', 'control-plane', 'web');
  cpSync(join(root, 'apps', 'control-plane', 'web'), web, { recursive: true });
  const vendor = join(web, 'vendor');
  mkdirSync(vendor, { recursive: true });
  const modules = { 'preact.mjs': 'preact/dist/preact.module.js', 'preact-hooks.mjs': 'preact/hooks/dist/hooks.module.js', 'htm.mjs': 'htm/dist/htm.module.js' };
  for (const [name, path] of Object.entries(modules)) cpSync(join(root, 'node_modules', path), join(vendor, name));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  try {
    build({ production: process.argv.includes('--production') });
  } catch (err) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  process.stdout.write(`build: done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
