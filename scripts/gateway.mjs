#!/usr/bin/env node
// `npm run gateway [-- --config gravitee.yml]`: a reference hybrid gateway in the foreground, configured
// like Gravitee's gateway: the variables of the install snippets (`gravitee_cloud_token`,
// `gravitee_license_key`, `gravitee_management_http_*`), or the Linux snippet's gravitee.yml.
// Ctrl-C stops it cleanly (its last reports and GATEWAY_STOPPED are sent).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from './build.mjs';
import { PROJECT_ROOT, describeFailure } from './services/common.mjs';

const USAGE = 'usage: npm run gateway [-- --config <gravitee.yml>]';

function parseArgs(args) {
  const env = {};
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--config' && args[i + 1]) env.GRAVITEE_CONF = resolve(args[++i]);
    else if (args[i].startsWith('--config=')) env.GRAVITEE_CONF = resolve(args[i].slice('--config='.length));
    else throw Object.assign(new Error(`unknown argument ${args[i]}\n${USAGE}`), { name: 'PrerequisiteError' });
  }
  return env;
}

try {
  const env = parseArgs(process.argv.slice(2));
  const main = join(PROJECT_ROOT, 'dist', 'apps', 'gateway', 'src', 'main.js');
  if (!existsSync(main)) build();
  const child = spawn(process.execPath, [main], { cwd: PROJECT_ROOT, stdio: 'inherit', env: { LOG_FORMAT: 'pretty', ...process.env, ...env } });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
} catch (err) {
  process.stderr.write(describeFailure(err));
  process.exit(1);
}
