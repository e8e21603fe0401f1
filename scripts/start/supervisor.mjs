// The apps `npm start` runs: each a child process whose output is shown line by line, restarted with
// backoff when it exits after having been healthy, and stopped on request (SIGTERM, then SIGKILL).
import { spawn } from 'node:child_process';
import { fetch } from 'undici';
import { PrerequisiteError, sleep } from '../services/common.mjs';

const RESTART_MIN_MS = 1000;
const RESTART_MAX_MS = 30_000;
/** An app that stayed up this long restarts from the shortest delay again. */
const STABLE_AFTER_MS = 60_000;
const STOP_GRACE_MS = 20_000;

export class Supervised {
  /**
   * @param {object} spec  label, command args (node script and its arguments), env, healthUrl, dispatcher
   * @param {object} hooks say(message) for the supervisor's own lines, line(label, text) for the app's output,
   *                       spawned(app) after every (re)start
   */
  constructor(spec, hooks) {
    this.spec = spec;
    this.hooks = hooks;
    this.label = spec.label;
    this.child = undefined;
    this.exited = true;
    this.ready = false;
    this.stopping = false;
    this.restarts = 0;
    this.timer = undefined;
  }

  get pid() {
    return this.child?.pid;
  }

  start() {
    this.startedAt = Date.now();
    this.exited = false;
    const child = spawn(process.execPath, this.spec.args, { cwd: this.spec.cwd, env: this.spec.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    for (const stream of [child.stdout, child.stderr]) {
      let rest = '';
      stream.on('data', (chunk) => {
        const lines = (rest + chunk.toString()).split('\n');
        rest = lines.pop();
        for (const line of lines) this.hooks.line(this.label, line);
      });
      stream.on('end', () => rest && this.hooks.line(this.label, rest));
    }
    child.on('exit', (code, signal) => {
      if (child !== this.child) return;
      this.exited = true;
      this.exitedWith = signal ? `signal ${signal}` : `code ${code}`;
      if (!this.stopping && this.ready) this.scheduleRestart();
    });
    this.hooks.spawned?.(this);
    return this;
  }

  scheduleRestart() {
    if (Date.now() - this.startedAt > STABLE_AFTER_MS) this.restarts = 0;
    const delay = Math.min(RESTART_MAX_MS, RESTART_MIN_MS * 2 ** this.restarts);
    this.restarts += 1;
    this.hooks.say(`${this.label} exited (${this.exitedWith}); restarting in ${Math.round(delay / 1000)} s (restart ${this.restarts})`);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.stopping) return;
      this.start();
      this.waitHealthy().then(
        () => this.hooks.say(`${this.label} is back (restart ${this.restarts})`),
        () => undefined,
      );
    }, delay);
  }

  /** Resolves once `healthUrl` answers 2xx; rejects if the app exits first or takes longer than `timeoutMs`. */
  async waitHealthy(timeoutMs = 120_000) {
    const started = Date.now();
    const child = this.child;
    while (Date.now() - started < timeoutMs) {
      if (this.stopping) throw new PrerequisiteError(`${this.label}: stopping`);
      if (this.exited && this.child === child) throw new PrerequisiteError(`${this.label} exited (${this.exitedWith}) before it was healthy (see its lines above)`);
      try {
        const res = await fetch(this.spec.healthUrl, { dispatcher: this.spec.dispatcher, signal: AbortSignal.timeout(2000) });
        await res.body?.cancel();
        if (res.ok) {
          this.ready = true;
          return Date.now() - started;
        }
      } catch {
        /* not listening yet */
      }
      await sleep(250);
    }
    throw new PrerequisiteError(`${this.label} not healthy at ${this.spec.healthUrl} after ${timeoutMs / 1000} s`);
  }

  /** SIGTERM, SIGKILL after the grace period; no restart afterwards. */
  async stop() {
    this.stopping = true;
    clearTimeout(this.timer);
    if (this.exited || !this.child) return;
    const child = this.child;
    await new Promise((resolve) => {
      const kill = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }
}
