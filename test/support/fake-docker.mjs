// A stand-in for the `docker` command, for running install snippets on a machine without a Docker
// engine: `docker run -d --name N [-p h:c] [--network host] -e K=V... -v src:dst[:ro]... IMAGE [CMD...]`
// becomes a local process with the container's environment, its mounts translated to the host paths
// they name. The project's gateway image runs the command of the Dockerfile's `gateway` target;
// Gravitee's image (not runnable here) is stood in for by the reference gateway, which reads the same
// settings. What a test needs besides the snippet comes from this process's environment:
//   FAKE_DOCKER_DIR    where each container's record (<name>.json), pid and log go
//   FAKE_DOCKER_PORTS  the container's ports on this host, e.g. GATEWAY_HTTP_PORT=4100,GATEWAY_MANAGEMENT_PORT=4101
//                      (the snippet's 8082/18082 belong to `npm start`)
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PROJECT_IMAGE = 'hybrid-cp-gateway:local';
const GRAVITEE_IMAGE = /^graviteeio\/apim-gateway:[\w.-]+$/;

function fail(message, code = 125) {
  process.stderr.write(`docker: ${message}\n`);
  process.exit(code);
}

/** The exec-form CMD of one Dockerfile stage. */
function dockerfileCmd(target) {
  const stages = readFileSync(join(ROOT, 'Dockerfile'), 'utf8').split(/^FROM /m).slice(1);
  const stage = stages.find((s) => new RegExp(`^\\S+ AS ${target}\\s`, 'i').test(s));
  const cmd = stage && /^CMD (\[.*\])$/m.exec(stage);
  if (!cmd) fail(`the Dockerfile has no ${target} stage with an exec-form CMD`);
  return JSON.parse(cmd[1]);
}

const [verb, ...args] = process.argv.slice(2);
if (verb !== 'run') fail(`only "docker run" is supported here, not ${verb}`);
const container = { name: undefined, detach: false, env: {}, mounts: [], ports: [], network: undefined, image: undefined, command: [] };
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (container.image) container.command.push(arg);
  else if (arg === '-d' || arg === '--detach') container.detach = true;
  else if (arg === '--name') container.name = args[++i];
  else if (arg === '-p' || arg === '--publish') container.ports.push(args[++i]);
  else if (arg === '--network') container.network = args[++i];
  else if (arg === '-e' || arg === '--env') {
    const pair = args[++i];
    const at = pair.indexOf('=');
    if (at < 1) fail(`-e ${pair}: expected NAME=value`);
    container.env[pair.slice(0, at)] = pair.slice(at + 1);
  } else if (arg === '-v' || arg === '--volume') {
    const [src, dst, mode] = args[++i].split(':');
    if (!src.startsWith('/') || !dst?.startsWith('/')) fail(`-v ${args[i]}: expected an absolute host path and container path`);
    container.mounts.push({ src, dst, mode });
  } else if (arg.startsWith('-')) fail(`unsupported option ${arg}`);
  else container.image = arg;
}
if (!container.image) fail('"docker run" requires an image');
if (!container.name) fail('this stand-in needs --name');

let command;
if (container.image === PROJECT_IMAGE) command = container.command.length > 0 ? container.command : dockerfileCmd('gateway');
else if (GRAVITEE_IMAGE.test(container.image)) command = ['node', 'dist/apps/gateway/src/main.js'];
else fail(`Unable to find image '${container.image}' locally`);
if (command[0] !== 'node') fail(`cannot run ${command[0]} without a container`);

const dir = process.env.FAKE_DOCKER_DIR;
if (!dir) fail('FAKE_DOCKER_DIR is not set');
const home = join(dir, container.name, 'home');
mkdirSync(home, { recursive: true });
// A path inside the container is the mounted host path here.
const onHost = (value) => {
  for (const { src, dst } of container.mounts) {
    if (value === dst) return src;
    if (value.startsWith(`${dst}/`)) return src + value.slice(dst.length);
  }
  return value;
};
const env = Object.fromEntries(Object.entries(container.env).map(([k, v]) => [k, onHost(v)]));
for (const pair of (process.env.FAKE_DOCKER_PORTS ?? '').split(',').filter(Boolean)) {
  const [k, v] = pair.split('=');
  env[k] = v;
}
writeFileSync(join(dir, `${container.name}.json`), JSON.stringify({ ...container, resolvedCommand: command }, null, 2));
const log = openSync(join(dir, `${container.name}.log`), 'a');
const child = spawn(process.execPath, command.slice(1), {
  cwd: ROOT,
  env: { PATH: process.env.PATH, HOME: home, ...env },
  stdio: ['ignore', log, log],
  detached: container.detach,
});
closeSync(log);
writeFileSync(join(dir, `${container.name}.pid`), String(child.pid));
if (container.detach) {
  child.unref();
  process.stdout.write(`${child.pid.toString(16).padStart(12, '0')}\n`);
} else {
  child.on('exit', (code) => process.exit(code ?? 1));
}
