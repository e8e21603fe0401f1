import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';

const ROOT = join(__dirname, '..', '..');

/** A port nothing listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export type AppName = 'control-plane' | 'cloud-gate' | 'ingest-worker' | 'gateway';

export interface RunningApp {
  name: AppName;
  process: ChildProcess;
  /** Everything the process printed so far. */
  output: () => string;
  /** SIGTERM and wait for exit (SIGKILL after the grace period). */
  stop: (graceMs?: number) => Promise<number | null>;
  /** SIGKILL, as a crash would. */
  kill: () => Promise<void>;
}

/**
 * Starts a compiled app (`npm run build` first) as its own process with the given environment,
 * and waits until `readyUrl` answers 2xx (or the process exits).
 */
export async function startApp(name: AppName, env: Record<string, string>, readyUrl?: string, timeoutMs = 60_000): Promise<RunningApp> {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'apps', name, 'src', 'main.js')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d.toString()));
  child.stderr?.on('data', (d) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((c) => (exitCode = c));

  const app: RunningApp = {
    name,
    process: child,
    output: () => output,
    stop: async (graceMs = 15_000) => {
      if (exitCode !== undefined) return exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
    kill: async () => {
      if (exitCode !== undefined) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
  if (!readyUrl) return app;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`${name} exited with ${exitCode} before it was ready:\n${output}`);
    try {
      const res = await insecureFetch(readyUrl);
      if (res.ok) return app;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await app.kill();
  throw new Error(`${name} not ready at ${readyUrl} within ${timeoutMs} ms:\n${output}`);
}

const trustingAgent = new Agent({ connect: { rejectUnauthorized: false } });

/** Readiness probing only: tests that check TLS use a client that trusts the project CA. */
function insecureFetch(url: string) {
  return undiciFetch(url, { dispatcher: trustingAgent, signal: AbortSignal.timeout(2000) });
}
