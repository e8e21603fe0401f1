#!/usr/bin/env node
// `npm test`: build, start the real servers that are not running, run unit, integration and
// end-to-end tests against them, then stop what this run started. Extra arguments go to jest.
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { build } from './build.mjs';
import { ensureServices, stopServices } from './services/index.mjs';
import { PROJECT_ROOT, describeFailure } from './services/common.mjs';

/**
 * The type check of everything (tests and benches too), ESLint, the import-direction rules
 * (dependency-cruiser) and Redocly's OpenAPI linter (redocly.yaml) on the document the control plane
 * generates run before any test.
 */
function lint() {
  const bin = (name) => join(PROJECT_ROOT, 'node_modules', '.bin', name);
  for (const [tool, args] of [
    // The build compiles only what ships; jest strips types without checking them.
    ['tsc', ['-p', 'tsconfig.json', '--noEmit']],
    ['eslint', ['.']],
    ['depcruise', ['apps', 'libs', '--config', '.dependency-cruiser.cjs']],
    [process.execPath, [join('dist', 'apps', 'control-plane', 'src', 'openapi', 'generate.js'), join('dist', 'openapi.json')]],
    ['redocly', ['lint', join('dist', 'openapi.json'), '--format', 'codeframe']],
  ]) {
    try {
      // Redocly's CLI would otherwise send usage telemetry and look for updates over the network.
      const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
      execFileSync(tool === process.execPath ? tool : bin(tool), args, { cwd: PROJECT_ROOT, stdio: 'inherit', env });
    } catch {
      throw Object.assign(new Error(`lint failed: ${tool === process.execPath ? 'OpenAPI document generation' : tool} (see above)`), { name: 'PrerequisiteError' });
    }
  }
}

let started = [];
let stopping = false;
async function cleanup() {
  if (stopping) return;
  stopping = true;
  await stopServices(started);
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    await cleanup();
    process.exit(130);
  });
}

let code = 1;
try {
  const t0 = Date.now();
  build();
  lint();
  const services = await ensureServices();
  started = services.started;
  process.stdout.write(`test: build and services ready in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  const args = process.argv.slice(2);
  code = await new Promise((resolve) => {
    const jest = spawn(process.execPath, [join(PROJECT_ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--runInBand', ...args], {
      cwd: PROJECT_ROOT,
      stdio: 'inherit',
      env: { ...process.env, ...services.env },
    });
    jest.on('close', (c) => resolve(c ?? 1));
  });
} catch (err) {
  process.stderr.write(describeFailure(err));
} finally {
  await cleanup();
}
process.exit(code);
