// Shared helpers of the dev-service scripts: where things live, logging, processes, readiness waits.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from 'node:net';

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const IS_ROOT = userInfo().uid === 0;

/**
 * Downloads, unpacked servers, data and pid files live outside the clone so they survive fresh
 * clones on the same machine. As root the folder is world-traversable, because Elasticsearch and
 * PostgreSQL then run as unprivileged users that must reach their files.
 */
export const HOME = process.env.HYBRID_CP_HOME || (IS_ROOT ? '/var/tmp/hybrid-cp' : join(homedir(), '.cache', 'hybrid-cp'));
export const paths = {
  home: HOME,
  downloads: join(HOME, 'downloads'),
  state: (name) => join(HOME, 'state', name),
  pidFile: (name) => join(HOME, 'run', `${name}.pid`),
  logFile: (name) => join(HOME, 'logs', `${name}.log`),
  pki: join(HOME, 'pki'),
};

export function ensureDir(dir, mode = 0o755) {
  mkdirSync(dir, { recursive: true, mode });
  return dir;
}

/** A problem the user can fix; printed as a message with its remedy, never as a stack trace. */
export class PrerequisiteError extends Error {
  constructor(message, remedy) {
    super(remedy ? `${message}\n  remedy: ${remedy}` : message);
    this.name = 'PrerequisiteError';
  }
}

export function say(service, message) {
  process.stdout.write(`[${service}] ${message}\n`);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns a truthy value; a slow start says it is alive every 30 s. */
export async function waitFor(service, what, check, { timeoutMs = 120_000, intervalMs = 250, logFile } = {}) {
  const started = Date.now();
  let lastNote = started;
  let lastError;
  while (Date.now() - started < timeoutMs) {
    try {
      const result = await check();
      if (result) return result;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() - lastNote > 30_000) {
      say(service, `still waiting for ${what} (${Math.round((Date.now() - started) / 1000)} s)`);
      lastNote = Date.now();
    }
    await sleep(intervalMs);
  }
  const tail = logFile && existsSync(logFile) ? `\n  last log lines:\n${tailOf(logFile, 15)}` : '';
  throw new PrerequisiteError(`${service}: ${what} not ready after ${timeoutMs / 1000} s${lastError ? ` (${lastError.message})` : ''}${tail}`);
}

export function tailOf(file, lines) {
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).map((l) => `    ${l}`).join('\n');
}

export function portOpen(port, host = '127.0.0.1', timeoutMs = 500) {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (open) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export function readPid(name) {
  const file = paths.pidFile(name);
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export function isAlive(pid) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** Starts a server detached from this process (its own process group), output appended to its log file. */
export function startDetached(name, command, args, { env = {}, cwd, uid, gid } = {}) {
  ensureDir(dirname(paths.pidFile(name)));
  ensureDir(dirname(paths.logFile(name)));
  const out = openSync(paths.logFile(name), 'a');
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', out, out],
    ...(uid !== undefined ? { uid, gid } : {}),
  });
  closeSync(out);
  child.unref();
  writeFileSync(paths.pidFile(name), String(child.pid));
  return child.pid;
}

/** Stops a server started by `startDetached`: SIGTERM to its group, SIGKILL if it lingers. */
export async function stopDetached(name, { graceMs = 20_000 } = {}) {
  const pid = readPid(name);
  if (!pid || !isAlive(pid)) {
    rmSync(paths.pidFile(name), { force: true });
    return false;
  }
  const signal = (sig) => {
    try {
      process.kill(-pid, sig);
    } catch {
      try {
        process.kill(pid, sig);
      } catch {
        /* already gone */
      }
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) signal('SIGKILL');
  while (isAlive(pid)) await sleep(50);
  rmSync(paths.pidFile(name), { force: true });
  return true;
}

export function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** Java 17+ for Kafka and Elasticsearch: JAVA_HOME, else the `java` on PATH. */
export function findJavaHome() {
  const candidates = [process.env.JAVA_HOME, process.env.ES_JAVA_HOME].filter(Boolean);
  const onPath = which('java');
  if (onPath) {
    const r = spawnSync('readlink', ['-f', onPath], { encoding: 'utf8' });
    if (r.status === 0) candidates.push(dirname(dirname(r.stdout.trim())));
  }
  for (const home of candidates) {
    const java = join(home, 'bin', 'java');
    if (!existsSync(java)) continue;
    const v = spawnSync(java, ['-version'], { encoding: 'utf8' });
    const m = /version "(\d+)/.exec(v.stderr ?? '');
    if (m && Number(m[1]) >= 17) return home;
  }
  throw new PrerequisiteError(
    'Java 17 or newer is needed to run Kafka and Elasticsearch, and none was found (JAVA_HOME, java on PATH).',
    'apt-get install -y openjdk-17-jre-headless (or set JAVA_HOME to a JDK 17+)',
  );
}

/**
 * Runs Maven in batch mode. A fetch is one line: on a terminal it counts the files in place while
 * they arrive, then says what was downloaded (`what`), how many files and how long it took.
 */
export function runMaven(service, args, what = 'artifacts') {
  if (!which('mvn')) {
    throw new PrerequisiteError(`${service}: Apache Maven is needed to fetch artifacts from Maven Central.`, 'apt-get install -y maven');
  }
  return new Promise((resolve, reject) => {
    const child = spawn('mvn', ['-B', ...args], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let downloads = 0;
    const started = Date.now();
    const live = process.stdout.isTTY;
    const onData = (chunk) => {
      const text = chunk.toString();
      output += text;
      for (const line of text.split('\n')) {
        if (!/Downloaded from/.test(line)) continue;
        downloads += 1;
        if (live) process.stdout.write(`\r[${service}] downloading ${what} from Maven Central: ${downloads} files`);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => {
      if (live && downloads > 0) process.stdout.write('\r\x1b[2K');
      if (code === 0) {
        if (downloads > 0) say(service, `downloaded ${what} from Maven Central (${downloads} files, ${((Date.now() - started) / 1000).toFixed(0)} s)`);
        return resolve();
      }
      const offline = /Could not transfer|Unknown host|Connection refused|Network is unreachable|timed out/i.test(output);
      reject(
        new PrerequisiteError(
          `${service}: Maven could not fetch ${args.find((a) => a.startsWith('-Dartifact=')) ?? 'the artifacts'} (exit ${code}).\n${output.split('\n').filter((l) => /ERROR/.test(l)).slice(0, 5).join('\n')}`,
          offline ? 'the first run downloads from Maven Central: check the network or the proxy in ~/.m2/settings.xml' : 'see the Maven output above',
        ),
      );
    });
  });
}

/** Creates (once) an unprivileged system user for servers that refuse to run as root. */
export function ensureSystemUser(name) {
  const lookup = () => {
    const r = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    if (r.status !== 0) return undefined;
    const g = spawnSync('id', ['-g', name], { encoding: 'utf8' });
    return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
  };
  const found = lookup();
  if (found) return found;
  const r = spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', name], { encoding: 'utf8' });
  if (r.status !== 0 && !lookup()) {
    throw new PrerequisiteError(`could not create the unprivileged user ${name}: ${r.stderr}`, `create it yourself: useradd --system ${name}`);
  }
  return lookup();
}

export function chownRecursive(dir, ids) {
  spawnSync('chown', ['-R', `${ids.uid}:${ids.gid}`, dir]);
}

/** What to print when a script fails: the message of a problem the user can fix, else the stack. */
export function describeFailure(err) {
  return err?.name === 'PrerequisiteError' ? `${err.message}\n` : `${err?.stack ?? err}\n`;
}
